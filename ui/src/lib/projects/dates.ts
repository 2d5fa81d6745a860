/**
 * Dates on screen: one style, the user's locale (`Intl`), whatever wrote them. The backend
 * sends dates as `YYYY-MM-DD` and instants as RFC 3339, in its structured fields and inside
 * the history's sentences alike; these turn them into what the rest of the screen shows.
 */

const FORMATS = {
  date: { dateStyle: 'medium', timeZone: 'UTC' },
  instant: { dateStyle: 'medium', timeStyle: 'short' },
  numbers: { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' },
  typed: { year: 'numeric', month: '2-digit', day: '2-digit' },
  month: { month: 'long', year: 'numeric', timeZone: 'UTC' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const made = new Map<string, Intl.DateTimeFormat>();

/** One formatter per style and locale, made once: making one costs more than formatting a
 *  hundred dates with it (JavaScriptCore runs without its JIT here), and a list formats a date
 *  or two per row (the blockers, the milestones). */
function formatter(style: keyof typeof FORMATS, locale?: string): Intl.DateTimeFormat {
  const key = `${style} ${locale ?? ''}`;
  let f = made.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, FORMATS[style]);
    made.set(key, f);
  }
  return f;
}

/** Formats a `YYYY-MM-DD` date in the user's locale, without shifting it across time zones. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  // Formatted as UTC from UTC midnight: the date stays the date in every time zone.
  return formatter('date').format(Date.parse(`${iso}T00:00:00Z`));
}

/** An instant in the user's locale and time zone, date and time. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  return formatter('instant').format(Date.parse(iso));
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

type Part = 'year' | 'month' | 'day';

/** The order the user's locale writes a date's numbers in (en-US: month, day, year). */
function partOrder(locale?: string): Part[] {
  const parts = formatter('numbers', locale).formatToParts(Date.UTC(2027, 10, 23));
  const order = parts
    .map((p) => p.type)
    .filter((t): t is Part => ['year', 'month', 'day'].includes(t));
  return order.length === 3 ? order : ['year', 'month', 'day'];
}

/** How a date is typed in the user's locale: "mm/dd/yyyy". */
export function datePattern(locale?: string): string {
  const names = { year: 'yyyy', month: 'mm', day: 'dd' };
  const sep =
    formatter('typed', locale)
      .formatToParts(Date.UTC(2027, 10, 23))
      .find((p) => p.type === 'literal')?.value ?? '/';
  return partOrder(locale)
    .map((p) => names[p])
    .join(sep);
}

/** A `YYYY-MM-DD` date as a date field shows it: its numbers in the locale's order. */
export function formatTyped(iso: string | null | undefined, locale?: string): string {
  if (!iso) return '';
  return formatter('numbers', locale).format(Date.parse(`${iso}T00:00:00Z`));
}

/** What a typed date reads as: a `YYYY-MM-DD` date, `null` when the field is empty, or
 *  what is wrong with it, to show under the field after its name. */
export type TypedDate = { date: string | null } | { problem: string };

/**
 * Reads a date as typed: its three numbers in the locale's order (02/31/2027, 2.3.2027,
 * 02312027) or as 2027-02-31. Nothing is guessed: a two-digit year, a 13th month or the
 * 31st of February is said to be wrong, never turned into another date.
 */
export function readDate(text: string, locale?: string): TypedDate {
  const typed = text.trim();
  if (!typed) return { date: null };
  const order = /^\d{4}-\d{1,2}-\d{1,2}$/.test(typed)
    ? (['year', 'month', 'day'] as Part[])
    : partOrder(locale);
  let numbers = typed.split(/[^0-9]+/).filter(Boolean);
  // Eight digits in a row: the locale's order, the year in four.
  if (numbers.length === 1 && numbers[0].length === 8) {
    const digits = numbers[0];
    numbers = [];
    let at = 0;
    for (const p of order) {
      const width = p === 'year' ? 4 : 2;
      numbers.push(digits.slice(at, at + width));
      at += width;
    }
  }
  const pattern = datePattern(locale);
  if (numbers.length !== 3 || /[^0-9\s/.\-,]/.test(typed)) {
    return { problem: `type a date as ${pattern} (got ‘${typed}’)` };
  }
  const value = Object.fromEntries(order.map((p, i) => [p, numbers[i]])) as Record<Part, string>;
  if (value.year.length !== 4) {
    return { problem: `type the year in full, as ${pattern} (got ‘${typed}’)` };
  }
  const [year, month, day] = [Number(value.year), Number(value.month), Number(value.day)];
  if (month < 1 || month > 12) {
    return { problem: `${typed} is not a real date (there is no month ${month})` };
  }
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) {
    const name = formatter('month', locale).format(Date.UTC(year, month - 1, 1));
    return { problem: `${typed} is not a real date (${name} has ${days} days)` };
  }
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return { date: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}
