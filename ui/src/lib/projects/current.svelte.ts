/**
 * The project on screen: its data and its sync state, shared by the project's header and
 * its screens. It reloads itself when the backend says the project changed (a partner's
 * edits arrived, a sync finished), so every open screen stays current.
 */
import { untrack } from 'svelte';
import { api, ApiFailure, events, messageOf, type ProjectView, type SyncState } from '$lib/api';
import { portfolio } from './projects.svelte';

class CurrentProject {
  id = $state<string | null>(null);
  view = $state<ProjectView | null>(null);
  sync = $state<SyncState | null>(null);
  error = $state<{ notFound: boolean; message: string } | null>(null);
  /** Bumped on every reload, so each screen's own data (`projectData`) loads again too. */
  version = $state(0);
  /** Numbers the loads: only the latest one's answer is kept. Loads overlap (a sync's reload,
   *  Sync now, a screen's save) and the backend may answer them out of order: an earlier
   *  answer arriving last would put the project as it was before over newer screens' data. */
  #latest = 0;

  async load(id: string) {
    const ticket = ++this.#latest;
    // Screens call this from an effect: reading `this.id` there would make the effect depend
    // on the very state this load sets, and run (and load) a second time.
    untrack(() => {
      if (this.id !== id) {
        this.view = null;
        this.sync = null;
      }
      this.id = id;
    });
    try {
      const [view, sync] = await Promise.all([api.getProject(id), api.getSyncState(id)]);
      // The user moved on meanwhile, or a newer load answers instead.
      if (ticket !== this.#latest) return;
      this.view = view;
      this.sync = sync;
      this.error = null;
      this.version += 1;
    } catch (e) {
      if (ticket !== this.#latest) return;
      this.view = null;
      this.error = {
        notFound: e instanceof ApiFailure && e.code === 'NotFound',
        message: messageOf(e),
      };
    }
  }

  async reload() {
    if (this.id) await this.load(this.id);
  }
}

export const current = new CurrentProject();

// Listen once for the whole app.
if (typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window) {
  events.projectChanged.listen((event) => {
    if (event.payload.project_id === current.id) current.reload();
    // Another device's edits can rename, add or delete a project: the sidebar follows.
    if (event.payload.imported > 0) portfolio.reload();
  });
}

/** Made once, as `dates.ts`'s formatters are: making one costs more than many uses. */
let relative: Intl.RelativeTimeFormat | undefined;

/** "3 minutes ago", in the user's language. */
export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  relative ??= new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const rtf = relative;
  const abs = Math.abs(seconds);
  if (abs < 45) return rtf.format(0, 'second').replace(/^in 0 seconds$/, 'just now');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86400), 'day');
}

export { formatInstant } from './dates';
