/**
 * The portfolio as the sidebar and the home screen see it. One shared, reactive list,
 * reloaded after any change that can alter it.
 */
import { api, messageOf, type ProjectSummary } from '$lib/api';

class Portfolio {
  projects = $state<ProjectSummary[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);

  /** Numbers the reloads: reloads overlap (a sync, Sync now, a save) and an older answer
   *  arriving last would bring back a project just deleted, or drop one just added. */
  #latest = 0;

  async reload() {
    const ticket = ++this.#latest;
    try {
      const projects = await api.listProjects();
      if (ticket !== this.#latest) return;
      this.projects = projects;
      this.error = null;
    } catch (e) {
      if (ticket !== this.#latest) return;
      this.error = messageOf(e);
    } finally {
      this.loaded = true;
    }
  }
}

export const portfolio = new Portfolio();
