// The wizard's milestone proposal loads again whenever the project changes; what the lead
// typed or unticked and has not added yet survives it.
import { describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';

vi.mock('$lib/api', () => ({
  api: {
    getProject: (id: string) =>
      Promise.resolve({ project: { id }, readiness: { passed: 0, total: 9 } }),
    getSyncState: () => Promise.resolve({ folder: null }),
  },
  ApiFailure: class extends Error {},
  events: { projectChanged: { listen: () => {} } },
  messageOf: (e: unknown) => String(e),
}));
vi.mock('svelte-sonner', () => ({ toast: { error: () => {} } }));

const { current } = await import('$lib/projects/current.svelte');
const { MilestonePlan } = await import('./plan.svelte');
const settle = async () => {
  flushSync();
  await new Promise((done) => setTimeout(done, 0));
  flushSync();
};

const row = (kind: string, planned: string) =>
  ({ track: 'build', kind, title: kind, planned }) as never;

describe("the wizard's milestone proposal", () => {
  it('keeps the dates typed and the rows unticked when it loads again', async () => {
    // The proposal as dated back from the launch: 2027-06-01, then from 2027-07-01.
    let launch = '06';
    const load = () =>
      Promise.resolve([
        row('sandbox_access', `2027-${launch}-01`),
        row('security_review', `2027-${launch}-02`),
        row('launch', `2027-${launch}-03`),
      ]);
    await current.load('p1');
    let plan!: InstanceType<typeof MilestonePlan>;
    const stop = $effect.root(() => {
      plan = new MilestonePlan(load);
    });
    await settle();
    expect(plan.rows.map((r) => r.date)).toEqual(['2027-06-01', '2027-06-02', '2027-06-03']);

    plan.choose('sandbox_access', { date: '2027-05-20' });
    plan.choose('security_review', { include: false });
    launch = '07'; // the partner moved the launch; the sync reloads the project
    await current.reload();
    await settle();

    expect(plan.rows.map((r) => [r.kind, r.include, r.date])).toEqual([
      ['sandbox_access', true, '2027-05-20'],
      ['security_review', false, '2027-07-02'],
      ['launch', true, '2027-07-03'],
    ]);

    plan.added();
    expect(plan.rows).toEqual([]);
    stop();
  });
});
