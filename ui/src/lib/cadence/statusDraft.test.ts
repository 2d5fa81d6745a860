import { describe, expect, it } from 'vitest';
import { forgetDraft, keepDraft, keptDraft } from './statusDraft';

function memory() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    raw: m,
  };
}

describe('the kept weekly status', () => {
  it('reads back what was kept, per project, until it is forgotten', () => {
    const s = memory();
    keepDraft('p1', { week: '2026-12-04', body: '## Shipped\n- my note' }, s);
    keepDraft('p2', { week: '', body: 'other' }, s);
    expect(keptDraft('p1', s)).toEqual({ week: '2026-12-04', body: '## Shipped\n- my note' });
    expect(keptDraft('p2', s)?.body).toBe('other');
    forgetDraft('p1', s);
    expect(keptDraft('p1', s)).toBeNull();
    expect(keptDraft('p2', s)?.body).toBe('other');
  });

  it('treats a damaged entry as nothing kept', () => {
    const s = memory();
    s.setItem('seamline.statusDraft.p1', '{not json');
    expect(keptDraft('p1', s)).toBeNull();
    s.setItem('seamline.statusDraft.p1', JSON.stringify({ week: 3, body: 'x' }));
    expect(keptDraft('p1', s)).toBeNull();
  });

  it('works without storage at all', () => {
    keepDraft('p1', { week: '', body: 'x' }, null);
    expect(keptDraft('p1', null)).toBeNull();
  });
});
