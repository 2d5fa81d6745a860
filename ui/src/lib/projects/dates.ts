/**
 * Dates on screen: one style, the user's locale (`Intl`), whatever wrote them. The backend
 * sends dates as `YYYY-MM-DD` and instants as RFC 3339, in its structured fields and inside
 * the history's sentences alike; these turn them into what the rest of the screen shows.
 */

/** Formats a `YYYY-MM-DD` date in the user's locale, without shifting it across time zones. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  // Formatted as UTC from UTC midnight: the date stays the date in every time zone.
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    Date.parse(`${iso}T00:00:00Z`),
  );
}

/** An instant in the user's locale and time zone, date and time. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(
    Date.parse(iso),
  );
}

// A date, optionally with a time and a zone (an instant); not inside a longer run of digits.
const ISO =
  /(?<![\d-])(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?(?![\d:])/g;

/** Text with every ISO date and instant in it written as `formatDate` and `formatInstant`
 *  write them ("week ending 2027-01-15" reads "week ending Jan 15, 2027" in en-US). A string
 *  that only looks like a date (2027-02-31) is left as it is. */
export function localDates(text: string): string {
  return text.replace(ISO, (whole, day: string, time: string | undefined) => {
    if (time) return Number.isNaN(Date.parse(whole)) ? whole : formatInstant(whole);
    const at = Date.parse(`${day}T00:00:00Z`);
    // Engines differ on 02-31 (NaN, or rolled over to March): only a day that reads back as
    // itself is a date.
    return !Number.isNaN(at) && new Date(at).toISOString().startsWith(day)
      ? formatDate(day)
      : whole;
  });
}
