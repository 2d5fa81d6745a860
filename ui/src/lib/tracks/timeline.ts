/**
 * The timeline's arithmetic, apart from the screen so it can be tested: days as UTC
 * milliseconds, month ticks, and the order milestones are listed in.
 */
import type { Milestone } from '$lib/api';

export const DAY = 86_400_000;

/** A calendar date (`YYYY-MM-DD`) as UTC milliseconds at its midnight. */
export const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** The first of each month strictly after `start` and before `end`, with its place across
 *  the range in percent. `label` formats it; each tick's `at` is unique, so it keys a list. */
export function monthTicks(
  start: number,
  end: number,
  label: (at: number) => string,
): { at: number; label: string; left: number }[] {
  const out: { at: number; label: string; left: number }[] = [];
  const first = new Date(start);
  // Date.UTC rolls month 12 over into January of the next year.
  let at = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1);
  while (at < end) {
    out.push({ at, label: label(at), left: ((at - start) / (end - start)) * 100 });
    const d = new Date(at);
    at = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return out;
}

/** A track's milestones as its list shows them: each once, dated ones by date, then the
 *  ones without a date, in the order they came. */
export function listOrder(milestones: Milestone[]): Milestone[] {
  const dated = milestones.filter((m) => m.planned || m.done);
  const undated = milestones.filter((m) => !m.planned && !m.done);
  const when = (m: Milestone) => (m.planned ?? m.done) as string;
  return [...dated].sort((a, b) => when(a).localeCompare(when(b))).concat(undated);
}
