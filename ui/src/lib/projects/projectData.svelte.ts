/**
 * A project screen's own data (its blockers, its contract, its history…), loaded for the
 * project on screen. Every screen needs the same three things, so they live here once: load
 * again when another project opens or the project changes (`current.version` is bumped when a
 * partner's edits arrive, a sync finishes or a screen saves), drop an answer that comes back
 * after the user moved to another project (or after a newer load), and report a failure.
 */
import { untrack } from 'svelte';
import { toast } from 'svelte-sonner';
import { messageOf } from '$lib/api';
import { current } from './current.svelte';

type Options = {
  /** Loads only while this holds, e.g. a wizard step's data while that step is open. */
  when?: () => boolean;
  /** `false` for a screen that shows `error` in place instead of in a toast. */
  toast?: boolean;
};

export class ProjectData<T> {
  /** The latest answer for the project on screen; null until the first one arrives. */
  data = $state<T | null>(null);
  /** Why the latest load failed; null once one succeeds. */
  error = $state<string | null>(null);
  loading = $state(false);

  readonly #load: (projectId: string) => Promise<T>;
  readonly #options: Options;
  readonly #projectId = $derived(current.view?.project.id ?? null);
  /** Numbers the loads: only the latest one's answer is kept. */
  #latest = 0;
  /** The project `data` belongs to: another project's data is never shown, not even briefly. */
  #dataOf: string | null = null;

  constructor(load: (projectId: string) => Promise<T>, options: Options = {}) {
    this.#load = load;
    this.#options = options;
    // What `load` reads before its first `await` (a page size, a step) is tracked here as
    // well, so changing it loads again, as an `$effect` of the screen's own would.
    $effect(() => {
      const id = this.#projectId;
      void current.version;
      if (id && (this.#options.when?.() ?? true)) this.#fetch(id);
    });
  }

  /** Loads again now, after a change the screen made itself. */
  reload(): Promise<void> {
    return untrack(() => {
      const id = this.#projectId;
      return id && (this.#options.when?.() ?? true) ? this.#fetch(id) : Promise.resolve();
    });
  }

  async #fetch(projectId: string) {
    const ticket = ++this.#latest;
    if (this.#dataOf !== projectId) {
      this.#dataOf = projectId;
      this.data = null;
      this.error = null;
    }
    this.loading = true;
    try {
      const data = await this.#load(projectId);
      if (this.#stale(ticket, projectId)) return;
      this.data = data;
      this.error = null;
    } catch (e) {
      if (this.#stale(ticket, projectId)) return;
      this.error = messageOf(e);
      if (this.#options.toast !== false) toast.error(this.error);
    } finally {
      if (ticket === this.#latest) this.loading = false;
    }
  }

  #stale(ticket: number, projectId: string) {
    return ticket !== this.#latest || current.id !== projectId;
  }
}

/**
 * The data `load` returns for the project on screen, kept current. Call it while a component
 * initialises (in its `<script>`), like `$effect`: it loads for as long as the component lives.
 */
export function projectData<T>(
  load: (projectId: string) => Promise<T>,
  options?: Options,
): ProjectData<T> {
  return new ProjectData(load, options);
}
