import { describe, expect, it, vi } from 'vitest';

// The backend, answering each call when the test says so.
const calls: { method: string; id: string; answer: (value: unknown) => void }[] = [];
function pending(method: string) {
  return (id: string) => new Promise((answer) => calls.push({ method, id, answer }));
}
vi.mock('$lib/api', () => ({
  api: { getProject: pending('getProject'), getSyncState: pending('getSyncState') },
  ApiFailure: class extends Error {},
  events: { projectChanged: { listen: () => {} } },
  messageOf: (e: unknown) => String(e),
}));

const { current } = await import('./current.svelte');

/** Answers the two calls of one load with a project whose readiness is `passed` of 9. */
function answer(load: typeof calls, passed: number) {
  for (const call of load) {
    call.answer(
      call.method === 'getProject'
        ? { project: { id: call.id }, readiness: { passed, total: 9 } }
        : { folder: null },
    );
  }
}
const settle = () => new Promise((done) => setTimeout(done, 0));

describe('the project on screen', () => {
  it('keeps the newest load when an older one answers last', async () => {
    void current.load('p1');
    const older = calls.splice(0);
    void current.load('p1'); // after a sync brought the partner's signature
    const newer = calls.splice(0);
    answer(newer, 9);
    await settle();
    const version = current.version;
    answer(older, 8);
    await settle();
    expect(current.view?.readiness.passed).toBe(9);
    expect(current.version).toBe(version);
  });

  it('drops the answer for a project the user has left', async () => {
    void current.load('p1');
    const left = calls.splice(0);
    void current.load('p2');
    answer(calls.splice(0), 5);
    await settle();
    answer(left, 8);
    await settle();
    expect(current.view?.project.id).toBe('p2');
  });
});
