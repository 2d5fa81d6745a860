import { describe, expect, it } from 'vitest';
import { paletteScore } from './match';

const rank = (search: string, items: [string, string[]?][]) =>
  items
    .map(([v, k]) => ({ v, s: paletteScore(v, search, k) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s)
    .map((x) => x.v.split('\n')[0]);

const ITEMS: [string, string[]?][] = [
  ['New blocker', ['add', 'create']],
  ['Draft escalation', ['escalate', 'email', 'contact']],
  ['Publish status', ['weekly', 'report', 'status']],
  ['Overview', ['go', 'screen']],
  ['Scope', ['go', 'screen']],
  ['Blockers', ['go', 'screen']],
  ['Cadence', ['go', 'screen']],
  ['Checklists', ['go', 'screen']],
  ['CRM to billing sync\n5f0c9e2a-aaaa', ['Northwind CRM', 'Ledgerly']],
];

describe('the palette ranks by words', () => {
  it('puts the screen whose name starts with the word first', () => {
    expect(rank('block', ITEMS)).toEqual(['Blockers', 'New blocker']);
  });

  it('does not list items whose letters merely appear in order', () => {
    expect(rank('esc', ITEMS)).toEqual(['Draft escalation']);
  });

  it('finds a project by a word of its name or of a company, never by its id', () => {
    expect(rank('billing', ITEMS)).toEqual(['CRM to billing sync']);
    expect(rank('ledger', ITEMS)).toEqual(['CRM to billing sync']);
    expect(rank('5f0c', ITEMS)).toEqual([]);
  });

  it('needs every typed word', () => {
    expect(rank('new block', ITEMS)).toEqual(['New blocker']);
    expect(rank('new cadence', ITEMS)).toEqual([]);
  });

  it('shows everything before anything is typed', () => {
    expect(paletteScore('Scope', '  ')).toBe(1);
  });
});
