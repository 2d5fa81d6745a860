/**
 * What every form does when it sends, written once: a saving flag (the submit button is off
 * while it is set, and a second submit meanwhile is ignored), the store's refusals by field
 * (`errors.name`, `errors._form` for one about no field), cleared at each try, and what
 * follows a success (a toast, closing the dialog) only after one.
 */
import { fieldErrors } from '$lib/api';

export class Submission {
  saving = $state(false);
  errors = $state<Record<string, string>>({});

  /** Sends with `send`; on success runs `then` with its answer and says `true`. A refusal
   *  fills `errors` (unless `refused` takes it: says `true` when it showed it its own way) and
   *  says `false`; so does a submit while one is still sending. */
  async run<T>(
    send: () => Promise<T>,
    then?: (answer: T) => void,
    refused?: (error: unknown) => boolean,
  ): Promise<boolean> {
    if (this.saving) return false;
    this.saving = true;
    this.errors = {};
    try {
      const answer = await send();
      then?.(answer);
      return true;
    } catch (e) {
      if (!refused?.(e)) this.errors = fieldErrors(e);
      return false;
    } finally {
      this.saving = false;
    }
  }

  /** Forgets the last refusal (a dialog opened again starts clean). */
  clear() {
    this.errors = {};
  }
}
