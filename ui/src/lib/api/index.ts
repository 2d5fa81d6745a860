/**
 * The front end's door to Rust. `bindings.ts` is generated from the Rust commands and
 * committed; this file only turns its `Result` values into returned data or a thrown
 * `ApiFailure`, so screens can `await` a call and catch one error type.
 */
import {
  commands,
  events,
  type ApiError_Serialize,
  type ConflictRef,
  type Device_Serialize,
  type SyncState_Serialize,
  type Person_Serialize,
  type Project_Serialize,
  type ProjectSummary_Serialize,
  type DeletedProject,
  type ProjectView_Serialize,
  type Blocker_Serialize,
  type Milestone_Serialize,
  type RaciView_Serialize,
  type Tracks_Serialize,
  type Workstream_Serialize,
  type RaciCell_Serialize,
  type NewBlocker_Deserialize,
  type BlockerPatch_Deserialize,
  type NewMilestone_Deserialize,
  type PortfolioRow_Serialize,
  type Metrics_Serialize,
  type StatusReport_Serialize,
  type Decision_Serialize,
  type AppReview_Serialize,
  type Criterion_Serialize,
  type NewDecision_Deserialize,
  type Scope_Serialize,
  type Signature_Serialize,
  type Contract_Serialize,
  type PlannedMilestone_Serialize,
  type ScopeEdit_Deserialize,
  type Mapping_Serialize,
  type Problem_Serialize,
  type Terms_Serialize,
  type ContractEdit_Deserialize,
  type ChecklistEdit_Deserialize,
  type WizardStep,
} from './bindings';

export type {
  Archetype,
  BlockerClass,
  Change,
  MilestoneKind,
  RaciLetter,
  Track,
  Conflict,
  ConflictRef,
  ErrorCode,
  Role,
  Side,
  SyncDay,
  WizardStep,
  ChecklistKind,
  Direction,
  Cut,
  MappingInput,
  ScopeInput,
  AuthScope,
  ScopeItem,
  WorkflowStep,
  ChecklistItem,
  Guide,
} from './bindings';

// specta names each type twice (as Rust sends it, as Rust accepts it); screens only ever hold
// what Rust sent, so these are the names they use.
export type ApiError = ApiError_Serialize;
export type Project = Project_Serialize;
export type ProjectSummary = ProjectSummary_Serialize;
export type { DeletedProject };
export type ProjectView = ProjectView_Serialize;
export type Person = Person_Serialize;
export type SyncState = SyncState_Serialize;
export type Device = Device_Serialize;
export type Blocker = Blocker_Serialize;
export type Milestone = Milestone_Serialize;
export type RaciView = RaciView_Serialize;
export type Tracks = Tracks_Serialize;
export type Workstream = Workstream_Serialize;
export type RaciCell = RaciCell_Serialize;
export type PortfolioRow = PortfolioRow_Serialize;
export type Metrics = Metrics_Serialize;
export type StatusReport = StatusReport_Serialize;
export type Decision = Decision_Serialize;
export type AppReview = AppReview_Serialize;
export type Criterion = Criterion_Serialize;
export type Scope = Scope_Serialize;
export type Signature = Signature_Serialize;
export type Contract = Contract_Serialize;
export type PlannedMilestone = PlannedMilestone_Serialize;
export type ScopeEdit = ScopeEdit_Deserialize;
export type Mapping = Mapping_Serialize;
export type Problem = Problem_Serialize;
export type Terms = Terms_Serialize;
export type ContractEdit = ContractEdit_Deserialize;
export type ChecklistEdit = ChecklistEdit_Deserialize;
export { events };

type Result<T, E> = { status: 'ok'; data: T } | { status: 'error'; error: E };

/** A refused or failed command: `code` is stable, `message` is for people. */
export class ApiFailure extends Error {
  readonly code: ApiError['code'];
  readonly field: string | null;

  constructor(error: ApiError) {
    super(error.message);
    this.code = error.code;
    this.field = error.field;
  }
}

/** Commands sent and not answered yet: closing the window waits for them (`settle`). */
const inflight = new Set<Promise<unknown>>();

async function unwrap<T>(call: Promise<Result<T, ApiError>>): Promise<T> {
  inflight.add(call);
  try {
    const result = await call;
    if (result.status === 'error') throw new ApiFailure(result.error);
    return result.data;
  } finally {
    inflight.delete(call);
  }
}

/** Resolves once every command sent so far has been answered (whatever the answer). */
export async function settle(): Promise<void> {
  while (inflight.size) await Promise.allSettled([...inflight]);
}

/** Every command, returning its data or throwing an `ApiFailure`. */
export const api = {
  workspaceInfo: () => unwrap(commands.workspaceInfo()),
  listProjects: () => unwrap(commands.listProjects()),
  getProject: (id: string) => unwrap(commands.getProject(id)),
  createProject: (input: Parameters<typeof commands.createProject>[0]) =>
    unwrap(commands.createProject(input)),
  updateProject: (id: string, patch: Parameters<typeof commands.updateProject>[1]) =>
    unwrap(commands.updateProject(id, patch)),
  deleteProject: (id: string) => unwrap(commands.deleteProject(id)),
  listDeletedProjects: () => unwrap(commands.listDeletedProjects()),
  restoreProject: (id: string) => unwrap(commands.restoreProject(id)),
  setRole: (...args: Parameters<typeof commands.setRole>) => unwrap(commands.setRole(...args)),
  addPerson: (...args: Parameters<typeof commands.addPerson>) =>
    unwrap(commands.addPerson(...args)),
  updatePerson: (...args: Parameters<typeof commands.updatePerson>) =>
    unwrap(commands.updatePerson(...args)),
  removePerson: (id: string) => unwrap(commands.removePerson(id)),
  getSyncState: (projectId: string) => unwrap(commands.getSyncState(projectId)),
  linkFolder: (projectId: string, folder: string) => unwrap(commands.linkFolder(projectId, folder)),
  joinFolder: (folder: string, relink = false) => unwrap(commands.joinFolder(folder, relink)),
  syncNow: (projectId: string) => unwrap(commands.syncNow(projectId)),
  unlinkFolder: (projectId: string) => unwrap(commands.unlinkFolder(projectId)),
  restoreConflict: (projectId: string, c: ConflictRef) =>
    unwrap(commands.restoreConflict(projectId, c)),
  dismissConflict: (projectId: string, c: ConflictRef) =>
    unwrap(commands.dismissConflict(projectId, c)),
  projectHistory: (projectId: string, limit: number) =>
    unwrap(commands.projectHistory(projectId, limit)),
  listBlockers: (projectId: string) => unwrap(commands.listBlockers(projectId)),
  addBlocker: (projectId: string, input: NewBlocker_Deserialize) =>
    unwrap(commands.addBlocker(projectId, input)),
  updateBlocker: (id: string, patch: BlockerPatch_Deserialize) =>
    unwrap(commands.updateBlocker(id, patch)),
  resolveBlocker: (id: string, note: string | null) => unwrap(commands.resolveBlocker(id, note)),
  reopenBlocker: (id: string) => unwrap(commands.reopenBlocker(id)),
  getRaci: (projectId: string) => unwrap(commands.getRaci(projectId)),
  setRaciCell: (...args: Parameters<typeof commands.setRaciCell>) =>
    unwrap(commands.setRaciCell(...args)),
  clearRaciCell: (...args: Parameters<typeof commands.clearRaciCell>) =>
    unwrap(commands.clearRaciCell(...args)),
  addWorkstream: (projectId: string, name: string) =>
    unwrap(commands.addWorkstream(projectId, name)),
  renameWorkstream: (projectId: string, id: string, name: string) =>
    unwrap(commands.renameWorkstream(projectId, id, name)),
  moveWorkstream: (projectId: string, id: string, index: number) =>
    unwrap(commands.moveWorkstream(projectId, id, index)),
  removeWorkstream: (projectId: string, id: string) =>
    unwrap(commands.removeWorkstream(projectId, id)),
  getTracks: (projectId: string) => unwrap(commands.getTracks(projectId)),
  addMilestone: (projectId: string, input: NewMilestone_Deserialize) =>
    unwrap(commands.addMilestone(projectId, input)),
  completeMilestone: (id: string, on: string | null) => unwrap(commands.completeMilestone(id, on)),
  reopenMilestone: (id: string) => unwrap(commands.reopenMilestone(id)),
  rescheduleMilestone: (id: string, planned: string) =>
    unwrap(commands.rescheduleMilestone(id, planned)),
  saveBlockersCsv: (projectId: string, path: string) =>
    unwrap(commands.saveBlockersCsv(projectId, path)),
  saveMilestonesIcs: (projectId: string, path: string) =>
    unwrap(commands.saveMilestonesIcs(projectId, path)),
  listPortfolio: () => unwrap(commands.listPortfolio()),
  getMetrics: (projectId: string) => unwrap(commands.getMetrics(projectId)),
  cutCriterion: (projectId: string, id: string, cut: string) =>
    unwrap(commands.cutCriterion(projectId, id, cut)),
  statusDraft: (projectId: string, week: string | null) =>
    unwrap(commands.statusDraft(projectId, week)),
  publishStatus: (projectId: string, week: string | null, body: string) =>
    unwrap(commands.publishStatus(projectId, week, body)),
  listStatusReports: (projectId: string) => unwrap(commands.listStatusReports(projectId)),
  getAgenda: (projectId: string) => unwrap(commands.getAgenda(projectId)),
  listDecisions: (projectId: string) => unwrap(commands.listDecisions(projectId)),
  recordDecision: (projectId: string, input: NewDecision_Deserialize) =>
    unwrap(commands.recordDecision(projectId, input)),
  saveMarkdown: (path: string, body: string) => unwrap(commands.saveMarkdown(path, body)),
  getScope: (projectId: string) => unwrap(commands.getScope(projectId)),
  editScope: (projectId: string, edit: ScopeEdit) => unwrap(commands.editScope(projectId, edit)),
  getContract: (projectId: string) => unwrap(commands.getContract(projectId)),
  editContract: (projectId: string, edit: ContractEdit) =>
    unwrap(commands.editContract(projectId, edit)),
  contractMarkdown: (projectId: string) => unwrap(commands.contractMarkdown(projectId)),
  listChecklists: (projectId: string) => unwrap(commands.listChecklists(projectId)),
  editChecklist: (projectId: string, edit: ChecklistEdit) =>
    unwrap(commands.editChecklist(projectId, edit)),
  setWizardStep: (projectId: string, step: WizardStep) =>
    unwrap(commands.setWizardStep(projectId, step)),
  getGuide: (projectId: string) => unwrap(commands.getGuide(projectId)),
  getMilestonePlan: (projectId: string) => unwrap(commands.getMilestonePlan(projectId)),
  addMilestones: (projectId: string, list: NewMilestone_Deserialize[]) =>
    unwrap(commands.addMilestones(projectId, list)),
  fillRaciWithOwners: (projectId: string) => unwrap(commands.fillRaciWithOwners(projectId)),
};

/** The app-review line of the three metrics, as a person reads it. */
export function appReviewLine(a: AppReview): string {
  switch (a.stage) {
    case 'not-planned':
      return 'No submission planned yet';
    case 'until-submission':
      return a.days >= 0 ? `${a.days} days until submission` : `Submission ${-a.days} days late`;
    case 'in-queue':
      return a.expected_days !== null
        ? `${a.days} days in the partner's queue (expected ${a.expected_days})`
        : `${a.days} days in the partner's queue`;
    case 'approved':
      return `Approved on ${a.on}`;
  }
}

/** The message to show for any thrown value. */
export function messageOf(e: unknown): string {
  if (e instanceof ApiFailure) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/**
 * Field errors for a form: an `ApiFailure` about a field lands under that field; anything
 * else lands in the form's general error slot (`_form`).
 */
export function fieldErrors(e: unknown): Record<string, string> {
  if (e instanceof ApiFailure && e.field) return { [e.field]: e.message };
  return { _form: messageOf(e) };
}
