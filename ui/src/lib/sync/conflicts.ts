/** The lost edits under their headings, in the order the store gives them (the reader's own
 *  company's first): a heading starts a group each time it changes, never sorted. */
export function conflictGroups<T extends { heading: string }>(
  list: T[],
): { heading: string; conflicts: T[] }[] {
  const groups: { heading: string; conflicts: T[] }[] = [];
  for (const c of list) {
    const last = groups.at(-1);
    if (last?.heading === c.heading) last.conflicts.push(c);
    else groups.push({ heading: c.heading, conflicts: [c] });
  }
  return groups;
}
