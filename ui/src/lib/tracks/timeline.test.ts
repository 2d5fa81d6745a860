import { describe, expect, it } from 'vitest';
import type { Milestone } from '$lib/api';
import { dayOf, listOrder, monthTicks } from './timeline';

const iso = (at: number) => new Date(at).toISOString().slice(0, 10);

describe('monthTicks', () => {
  it('crosses the new year without a repeated month', () => {
    const ticks = monthTicks(dayOf('2026-11-20'), dayOf('2027-03-10'), iso);
    expect(ticks.map((t) => t.label)).toEqual([
      '2026-12-01',
      '2027-01-01',
      '2027-02-01',
      '2027-03-01',
    ]);
  });

  it('starting in December, the first tick is January of the next year, once', () => {
    const ticks = monthTicks(dayOf('2026-12-03'), dayOf('2027-02-15'), iso);
    expect(ticks.map((t) => t.label)).toEqual(['2027-01-01', '2027-02-01']);
    expect(new Set(ticks.map((t) => t.at)).size).toBe(ticks.length);
  });

  it('places each tick across the range', () => {
    const [t] = monthTicks(dayOf('2027-01-22'), dayOf('2027-02-11'), iso);
    expect(t.label).toBe('2027-02-01');
    expect(t.left).toBeCloseTo(50);
  });
});

describe('listOrder', () => {
  const m = (id: string, planned: string | null, done: string | null = null) =>
    ({ id, planned, done }) as unknown as Milestone;

  it('lists each milestone once: dated by date, then those without a date', () => {
    const out = listOrder([
      m('c', null),
      m('b', '2027-02-01'),
      m('a', '2027-01-05'),
      m('d', null, '2026-12-01'),
    ]);
    expect(out.map((x) => x.id)).toEqual(['d', 'a', 'b', 'c']);
  });
});
