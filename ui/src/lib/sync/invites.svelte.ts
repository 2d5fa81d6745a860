/**
 * The invite codes on screen, by project. A code shown stays until the lead dismisses it:
 * the background sync that follows sharing replaces the sync state (and its report, which
 * carried the first code) about a second later, and leaving the Sync screen unmounts it, so
 * the code lives here rather than in either.
 */
import type { Invitation } from '$lib/api';

class ShownInvites {
  byProject = $state<Record<string, Invitation>>({});

  show(project: string, invitation: Invitation) {
    this.byProject = { ...this.byProject, [project]: invitation };
  }

  dismiss(project: string) {
    const rest = { ...this.byProject };
    delete rest[project];
    this.byProject = rest;
  }
}

export const shownInvites = new ShownInvites();
