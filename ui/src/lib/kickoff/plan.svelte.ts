/**
 * The wizard's proposal of typical milestones, with the lead's choices on it. The proposal
 * loads again whenever the project changes (a partner's edit, a sync, a save elsewhere, a new
 * target launch), and the lead's choices are kept apart from it, by milestone kind, so a
 * reload never takes back a date typed or a row unticked but not yet added: a row the lead
 * has not touched follows the new proposal, one the lead has touched keeps what the lead set.
 */
import { api, type PlannedMilestone } from '$lib/api';
import { projectData, type ProjectData } from '$lib/projects/projectData.svelte';

export type PlanRow = PlannedMilestone & {
  /** Whether it is added with the others. */
  include: boolean;
  /** The planned date as the lead has it (`YYYY-MM-DD`), '' for none or unreadable. */
  date: string;
};

type Choice = { include?: boolean; date?: string };

export class MilestonePlan {
  readonly #proposal: ProjectData<PlannedMilestone[]>;
  #choices = $state<Record<string, Choice>>({});

  /** The proposal, each row as the lead has it. */
  readonly rows: PlanRow[];

  constructor(load: (projectId: string) => Promise<PlannedMilestone[]> = api.getMilestonePlan) {
    this.#proposal = projectData(load);
    this.rows = $derived(
      (this.#proposal.data ?? []).map((m) => ({
        ...m,
        include: this.#choices[m.kind]?.include ?? true,
        date: this.#choices[m.kind]?.date ?? m.planned ?? '',
      })),
    );
  }

  choose(kind: string, choice: Choice) {
    this.#choices = { ...this.#choices, [kind]: { ...this.#choices[kind], ...choice } };
  }

  /** After the chosen rows were added: they leave the proposal (the reload that follows
   *  confirms it), and the choices made for them go. */
  added() {
    this.#proposal.data = [];
    this.#choices = {};
  }
}
