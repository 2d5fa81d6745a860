/**
 * The weekly status as the user edited it, kept on this device until it is published or
 * drafted again: leaving Cadence, or quitting the app, must not lose the edits. One per
 * project, in the web view's own storage (it never leaves this computer and is not project
 * data: the partner sees a status once it is published).
 */
export type KeptDraft = { week: string; body: string };

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const key = (project: string) => `seamline.statusDraft.${project}`;

function store(): Store | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage refused (a locked-down web view): the edits live as long as the screen
  }
}

/** The kept draft of a project, if there is one and it reads back whole. */
export function keptDraft(project: string, s: Store | null = store()): KeptDraft | null {
  try {
    const v: unknown = JSON.parse(s?.getItem(key(project)) ?? 'null');
    if (
      v &&
      typeof v === 'object' &&
      typeof (v as KeptDraft).week === 'string' &&
      typeof (v as KeptDraft).body === 'string'
    ) {
      return { week: (v as KeptDraft).week, body: (v as KeptDraft).body };
    }
  } catch {
    // not JSON: treated as nothing kept
  }
  return null;
}

export function keepDraft(project: string, draft: KeptDraft, s: Store | null = store()) {
  try {
    s?.setItem(key(project), JSON.stringify(draft));
  } catch {
    // storage full or refused: the edits stay on screen
  }
}

export function forgetDraft(project: string, s: Store | null = store()) {
  try {
    s?.removeItem(key(project));
  } catch {
    // nothing to forget
  }
}
