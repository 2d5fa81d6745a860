// Opening a project asks the backend for it once: the screen that opens it (the project's
// layout) does so from an effect, and nothing the load reads may make that effect run again.
import { describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';

const asked: string[] = [];
vi.mock('$lib/api', () => ({
  api: {
    getProject: (id: string) => {
      asked.push(id);
      return Promise.resolve({ project: { id }, readiness: { passed: 0, total: 9 } });
    },
    getSyncState: () => Promise.resolve({ folder: null }),
  },
  ApiFailure: class extends Error {},
  events: { projectChanged: { listen: () => {} } },
  messageOf: (e: unknown) => String(e),
}));

vi.mock('svelte-sonner', () => ({ toast: { error: () => {} } }));

const { current } = await import('./current.svelte');
const { projectData } = await import('./projectData.svelte');
const settle = () => new Promise((done) => setTimeout(done, 0));

describe('opening a project', () => {
  it('loads it once, and once again for the next project', async () => {
    let id = $state('p1');
    const stop = $effect.root(() => {
      // What the project's layout does.
      $effect(() => {
        if (id) current.load(id);
      });
    });
    flushSync();
    await settle();
    flushSync();
    expect(asked).toEqual(['p1']);
    expect(current.view?.project.id).toBe('p1');

    id = 'p2';
    flushSync();
    await settle();
    flushSync();
    expect(asked).toEqual(['p1', 'p2']);
    stop();
  });

  it("loads a screen's own data once as it opens, and again when the project changes", async () => {
    const stopLayout = $effect.root(() => {
      $effect(() => {
        current.load('p3');
      });
    });
    flushSync();
    await settle();
    flushSync();
    const screenLoads: string[] = [];
    const stopScreen = $effect.root(() => {
      projectData(async (id) => screenLoads.push(id));
    });
    flushSync();
    await settle();
    flushSync();
    expect(screenLoads).toEqual(['p3']);

    await current.reload(); // a partner's edits arrived
    flushSync();
    await settle();
    expect(screenLoads).toEqual(['p3', 'p3']);
    stopScreen();
    stopLayout();
  });
});
