/**
 * The checks a form makes before anything is sent: every required field left empty and every
 * date that does not read as one (02/31/2027, half typed: `DateInput` says so through its
 * validity message) is flagged at once, in place. An unreadable date gives no value, so
 * without this check it would be silently dropped. Each flag clears as its field is edited.
 */
import { getContext, setContext } from 'svelte';

const KEY = Symbol('form-checks');

export class FormChecks {
  /** Problems by field id. */
  problems = $state<Record<string, string>>({});

  /** Checks the form's fields; returns the id of the first one with a problem. */
  run(form: HTMLFormElement): string | null {
    const found: Record<string, string> = {};
    for (const field of form.querySelectorAll<HTMLElement>('[data-field-id]')) {
      const id = field.dataset.fieldId ?? '';
      const label = field.dataset.label ?? 'This field';
      const control = form.querySelector<HTMLInputElement>(`#${CSS.escape(id)}`);
      if (!control || control.disabled) continue;
      if (control.validity.customError) {
        found[id] = control.validationMessage;
      } else if (field.dataset.required === 'true' && !String(control.value ?? '').trim()) {
        found[id] = `${label} is required.`;
      }
    }
    this.problems = found;
    return Object.keys(found)[0] ?? null;
  }

  clear(id: string) {
    if (id in this.problems) {
      const rest = { ...this.problems };
      delete rest[id];
      this.problems = rest;
    }
  }
}

export function provideFormChecks(): FormChecks {
  return setContext(KEY, new FormChecks());
}

export function formChecks(): FormChecks | undefined {
  return getContext<FormChecks | undefined>(KEY);
}
