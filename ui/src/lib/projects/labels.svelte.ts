/**
 * How the domain's vocabularies read on screen. Every label, hint, range and default comes
 * from Rust (`core::vocabulary`, served by `get_vocabulary`), loaded once before the first
 * screen renders (`vocabulary.load()` in the root layout); only formatting lives here.
 */
import {
  api,
  type AppReview,
  type Archetype,
  type BlockerClass,
  type Cut,
  type Track,
  type Vocabulary,
} from '$lib/api';
import { formatDate } from './dates';

class VocabularyStore {
  v = $state<Vocabulary | null>(null);
  error = $state<string | null>(null);

  async load() {
    try {
      this.v = await api.getVocabulary();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  /** The table; screens render only after it loaded. */
  get table(): Vocabulary {
    if (!this.v) throw new Error('the vocabulary is read before it loaded');
    return this.v;
  }
}

export const vocabulary = new VocabularyStore();

// Where the screens have always found it.
export { formatDate };

export function archetypeLabel(a: Archetype): string {
  return vocabulary.v?.archetypes.find((x) => x.value === a)?.label ?? a;
}

export function classLabel(c: BlockerClass): string {
  return vocabulary.v?.blocker_classes.find((x) => x.value === c)?.label ?? c;
}

export function trackLabel(t: Track): string {
  return vocabulary.v?.tracks.find((x) => x.value === t)?.label ?? t;
}

export function cutLabel(c: Cut): string {
  return vocabulary.v?.cuts.find((x) => x.value === c)?.label ?? c;
}

/** "3 business days", "1 business day". */
export function businessDays(n: number): string {
  return `${n} business ${n === 1 ? 'day' : 'days'}`;
}

/** The app-review line Rust words (`app_review_line`), with an approval's date in the
 *  reader's own format. */
export function appReviewText(line: string, a: AppReview): string {
  return a.stage === 'approved' ? `${line} on ${formatDate(a.on)}` : line;
}
