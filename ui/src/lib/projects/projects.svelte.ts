/**
 * The portfolio as the sidebar and the home screen see it. One shared, reactive list,
 * reloaded after any change that can alter it.
 */
import { api, messageOf, type ProjectSummary } from '$lib/api';

class Portfolio {
  projects = $state<ProjectSummary[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);

  async reload() {
    try {
      this.projects = await api.listProjects();
      this.error = null;
    } catch (e) {
      this.error = messageOf(e);
    } finally {
      this.loaded = true;
    }
  }
}

export const portfolio = new Portfolio();
