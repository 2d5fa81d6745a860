/**
 * How the command palette ranks an item against what was typed: by words, not by letters
 * scattered through the item (the default fuzzy score listed nearly every screen for "esc",
 * and put "New blocker" above the Blockers screen for "block").
 *
 * Every typed word must match: the item's name starting with it scores 1, a word of the name
 * starting with it 0.9, a word of a keyword 0.7, and anywhere inside the name 0.5; the item's
 * score is the mean, and 0 hides it. Text after a newline in the value (an id that keeps two
 * projects of one name apart) is never matched.
 */
export function paletteScore(value: string, search: string, keywords: string[] = []): number {
  const typed = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (typed.length === 0) return 1;
  const name = value.split('\n')[0].toLowerCase();
  const nameWords = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const keywordWords = keywords.flatMap((k) => k.toLowerCase().split(/[^\p{L}\p{N}]+/u));
  let total = 0;
  for (const w of typed) {
    if (name.startsWith(w)) total += 1;
    else if (nameWords.some((x) => x.startsWith(w))) total += 0.9;
    else if (keywordWords.some((x) => x.startsWith(w))) total += 0.7;
    else if (name.includes(w)) total += 0.5;
    else return 0;
  }
  return total / typed.length;
}
