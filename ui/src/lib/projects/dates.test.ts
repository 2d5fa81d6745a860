import { describe, expect, it } from 'vitest';
import { datePattern, formatDate, formatInstant, formatTyped, localDates, readDate } from './dates';

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

describe('a typed date', () => {
  it('reads in the locale order, as ISO, or as eight digits', () => {
    expect(readDate('02/03/2027', 'en-US')).toEqual({ date: '2027-02-03' });
    expect(readDate('2/3/2027', 'en-US')).toEqual({ date: '2027-02-03' });
    expect(readDate('02032027', 'en-US')).toEqual({ date: '2027-02-03' });
    expect(readDate('03/02/2027', 'en-GB')).toEqual({ date: '2027-02-03' });
    expect(readDate('3.2.2027', 'de-DE')).toEqual({ date: '2027-02-03' });
    expect(readDate('2027-02-03', 'en-GB')).toEqual({ date: '2027-02-03' });
    expect(readDate('  ', 'en-US')).toEqual({ date: null });
  });

  it('says what is wrong with an impossible date instead of saving another', () => {
    expect(readDate('02/31/2027', 'en-US')).toEqual({
      problem: '02/31/2027 is not a real date (February 2027 has 28 days)',
    });
    expect(readDate('02312027', 'en-US')).toEqual({
      problem: '02312027 is not a real date (February 2027 has 28 days)',
    });
    expect(readDate('13/01/2027', 'en-US')).toEqual({
      problem: '13/01/2027 is not a real date (there is no month 13)',
    });
    expect(readDate('2/3/27', 'en-US')).toEqual({
      problem: 'type the year in full, as mm/dd/yyyy (got ‘2/3/27’)',
    });
    expect(readDate('next friday', 'en-US')).toEqual({
      problem: 'type a date as mm/dd/yyyy (got ‘next friday’)',
    });
    expect(readDate('02/2027', 'en-US')).toEqual({
      problem: 'type a date as mm/dd/yyyy (got ‘02/2027’)',
    });
  });

  it('shows a date the way it is read back', () => {
    for (const locale of ['en-US', 'en-GB', 'de-DE']) {
      expect(readDate(formatTyped('2027-11-23', locale), locale)).toEqual({ date: '2027-11-23' });
    }
    expect(datePattern('en-US')).toBe('mm/dd/yyyy');
    expect(datePattern('de-DE')).toBe('dd.mm.yyyy');
  });
});
