/**
 * The user of this device: the name other devices see them by. Loaded once at start; the
 * app asks for the name while it has none (first start) and Settings changes it.
 */
import { api, messageOf, type Me } from '$lib/api';

class MeStore {
  me = $state<Me | null>(null);
  error = $state<string | null>(null);

  /** The user has not given a name yet: the first-start prompt shows. */
  get unnamed(): boolean {
    return this.me !== null && !this.me.name;
  }

  async load() {
    try {
      this.me = await api.getMe();
      this.error = null;
    } catch (e) {
      this.error = messageOf(e);
    }
  }

  /** Sets the name; throws the store's refusal (an empty or over-long name) for the form. */
  async setName(name: string) {
    this.me = await api.setMyName(name);
  }
}

export const me = new MeStore();
