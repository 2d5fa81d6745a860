/** A design token's current value (light or dark), for code that cannot use CSS (charts). */
export function token(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
