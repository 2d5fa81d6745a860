import { describe, expect, it } from 'vitest';
import { formatDate, formatInstant, localDates } from './dates';

describe('dates inside text', () => {
  it('writes a date as every other date on screen is written', () => {
    expect(localDates('published the weekly status of the week ending 2027-01-15')).toBe(
      `published the weekly status of the week ending ${formatDate('2027-01-15')}`,
    );
    expect(formatDate('2027-01-15')).not.toContain('2027-01-15');
  });

  it('writes an instant in the local time zone, with its time', () => {
    expect(localDates('escalated at 2027-01-15T16:00:00Z')).toBe(
      `escalated at ${formatInstant('2027-01-15T16:00:00Z')}`,
    );
  });

  it('changes every date of a sentence and nothing else', () => {
    const text = 'changed blocker ‘Build 2027-A’: due date → 2027-01-20, owner → Kim Park';
    expect(localDates(text)).toBe(
      `changed blocker ‘Build 2027-A’: due date → ${formatDate('2027-01-20')}, owner → Kim Park`,
    );
  });

  it('leaves what only looks like a date', () => {
    for (const text of ['2027-02-31', 'ticket 12027-01-15', 'v2027-01-150', '2027-13-01']) {
      expect(localDates(text)).toBe(text);
    }
  });
});
