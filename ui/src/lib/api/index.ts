/**
 * The front end's door to Rust. `bindings.ts` is generated from the Rust commands and
 * committed; this file only turns its `Result` values into returned data or a thrown
 * `ApiFailure`, so screens can `await` a call and catch one error type.
 */
import {
  commands,
  events,
  type ApiError_Serialize,
  type DeviceEntry_Serialize,
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
  type PortfolioRow_Serialize,
  type Metrics_Serialize,
  type StatusReport_Serialize,
  type Decision_Serialize,
  type AppReview_Serialize,
  type Criterion_Serialize,
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
  type Vocabulary_Serialize,
  type BlockerPatch_Deserialize,
  type PendingJoinView_Serialize,
  type Proposal_Serialize,
  type Request_Serialize,
} from './bindings';

export type {
  Archetype,
  Invitation,
  PendingInvite,
  Waiting,
  NamedDevice,
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
  FolderPreview,
  Action,
  ActionKind,
  Perspective,
  SideView,
  Recorded,
  Me,
  OpenDecision,
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
export type Device = DeviceEntry_Serialize;
export type Request = Request_Serialize;
export type Proposal = Proposal_Serialize;
export type PendingJoinView = PendingJoinView_Serialize;
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
export type Vocabulary = Vocabulary_Serialize;
export type Criterion = Criterion_Serialize;
export type Scope = Scope_Serialize;
export type Signature = Signature_Serialize;
export type Contract = Contract_Serialize;
export type PlannedMilestone = PlannedMilestone_Serialize;
export type ScopeEdit = ScopeEdit_Deserialize;
export type BlockerPatch = BlockerPatch_Deserialize;
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

type Commands = typeof commands;

/**
 * A command as screens call it: the generated function's name and arguments, resolving to the
 * data of its `Result` (a refusal is thrown as `ApiFailure`). A command that answers without a
 * `Result` resolves to its answer as it is.
 */
type Unwrapped<C> = C extends (...args: infer A) => Promise<infer R>
  ? (...args: A) => Promise<[R] extends [Result<infer T, unknown>] ? T : R>
  : C;

export type Api = { [Name in keyof Commands]: Unwrapped<Commands[Name]> };

function isResult(value: unknown): value is Result<unknown, ApiError> {
  if (typeof value !== 'object' || value === null || !('status' in value)) return false;
  return (
    (value.status === 'ok' && 'data' in value) || (value.status === 'error' && 'error' in value)
  );
}

/** A command's answer as a `Result`, whether it came as one or as plain data. */
async function asResult(answer: Promise<unknown>): Promise<Result<unknown, ApiError>> {
  const value = await answer;
  return isResult(value) ? value : { status: 'ok', data: value };
}

/** Every command, returning its data or throwing an `ApiFailure`. */
export const api = Object.fromEntries(
  Object.entries(commands).map(([name, command]) => {
    const send = command as (...args: unknown[]) => Promise<unknown>;
    return [name, (...args: unknown[]) => unwrap(asResult(send(...args)))];
  }),
) as Api;

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
