/**
 * The invite code on screen for each project, kept for as long as the app runs (never stored:
 * a code is a secret) so that it stays until the lead says Done, whatever syncs or screen
 * changes happen meanwhile. Sharing a project makes its first code; the Sync screen makes more.
 */
import type { Invitation } from '$lib/api';

class ShownInvites {
  #byProject = $state<Record<string, Invitation | null>>({});
  /** Codes the lead dismissed (sharing's first code comes with a sync report: not again). */
  #dismissed = new Set<string>();

  get(projectId: string): Invitation | null {
    return this.#byProject[projectId] ?? null;
  }

  show(projectId: string, invitation: Invitation) {
    if (this.#dismissed.has(invitation.code)) return;
    this.#byProject[projectId] = invitation;
  }

  dismiss(projectId: string) {
    const shown = this.#byProject[projectId];
    if (shown) this.#dismissed.add(shown.code);
    this.#byProject[projectId] = null;
  }
}

export const shownInvites = new ShownInvites();
