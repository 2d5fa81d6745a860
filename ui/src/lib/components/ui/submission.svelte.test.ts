// A form's sending, as every dialog shows it: the button off while it sends, a refusal under
// its field, nothing after a refusal, and a double click sending once.
import { describe, expect, it, vi } from 'vitest';

class ApiFailure extends Error {
  constructor(
    message: string,
    readonly field: string | null,
  ) {
    super(message);
  }
}
vi.mock('$lib/api', () => ({
  fieldErrors: (e: unknown) =>
    e instanceof ApiFailure && e.field
      ? { [e.field]: e.message }
      : { _form: e instanceof Error ? e.message : String(e) },
}));

const { Submission } = await import('./submission.svelte');

describe('a form that sends', () => {
  it('is saving while it sends and runs what follows only on success', async () => {
    const form = new Submission();
    let answer!: (v: string) => void;
    const after = vi.fn();
    const sent = form.run(() => new Promise<string>((done) => (answer = done)), after);
    expect(form.saving).toBe(true);
    expect(await form.run(() => Promise.resolve('again'), after)).toBe(false);
    answer('saved');
    expect(await sent).toBe(true);
    expect(form.saving).toBe(false);
    expect(after).toHaveBeenCalledTimes(1);
    expect(after).toHaveBeenCalledWith('saved');
  });

  it('shows a refusal under its field, or under the form, and clears it on the next try', async () => {
    const form = new Submission();
    const after = vi.fn();
    expect(
      await form.run(() => Promise.reject(new ApiFailure('must not be empty', 'name')), after),
    ).toBe(false);
    expect(form.errors).toEqual({ name: 'must not be empty' });
    expect(form.saving).toBe(false);
    expect(after).not.toHaveBeenCalled();
    await form.run(() => Promise.reject(new Error('disk full')));
    expect(form.errors).toEqual({ _form: 'disk full' });
    await form.run(() => Promise.resolve(1));
    expect(form.errors).toEqual({});
  });

  it('leaves a refusal the form shows its own way out of the fields', async () => {
    const form = new Submission();
    const shown: string[] = [];
    const own = (e: unknown) => e instanceof ApiFailure && !!shown.push(e.message);
    await form.run(
      () => Promise.reject(new ApiFailure("Acme's people are Acme's", null)),
      undefined,
      own,
    );
    expect(shown).toEqual(["Acme's people are Acme's"]);
    expect(form.errors).toEqual({});
  });
});
