//! The command-line grammar. Enum values and dates are checked here, so a bad one is a usage
//! error (exit 2) whose message lists what is allowed.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::{Args, Parser, Subcommand};
use seamline_core::{
    validate, Archetype, BlockerClass, ChecklistKind, Cut, Direction, MilestoneKind, RaciLetter, Side,
    SyncDay, Track, WizardStep,
};

#[derive(Parser, Debug)]
#[command(name = "seamline", version, about = "Run an integration project between two companies")]
pub struct Cli {
    /// The workspace file (created if missing). Default: the app's own workspace.
    #[arg(long, global = true, env = "SEAMLINE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Print exactly one JSON value on stdout.
    #[arg(long, global = true)]
    pub json: bool,

    /// Replace the clock (RFC 3339), for reproducible ages and reports.
    #[arg(long = "now", global = true, env = "SEAMLINE_NOW", value_name = "INSTANT", value_parser = instant, hide = true)]
    pub now: Option<DateTime<FixedOffset>>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create, list, show and update projects.
    #[command(subcommand)]
    Project(ProjectCmd),
    /// Add, list, edit and remove the people on either side.
    #[command(subcommand)]
    Person(PersonCmd),
    /// Name a side's owner: a person with authority to prioritise and access to engineering.
    #[command(subcommand)]
    Owner(RoleCmd),
    /// Name a side's escalation contact: above the owner, able to override a roadmap conflict.
    #[command(subcommand)]
    Escalation(RoleCmd),
    /// The shared blocker list: add, list, resolve, reopen, escalations.
    #[command(subcommand)]
    Blocker(BlockerCmd),
    /// The two-company RACI: set cells, list, check, manage workstreams.
    #[command(subcommand)]
    Raci(RaciCmd),
    /// Legal and build milestones; go-live and the listing wait for the signed agreement.
    #[command(subcommand)]
    Milestone(MilestoneCmd),
    /// Blockers as CSV, milestones as an iCalendar file.
    #[command(subcommand)]
    Export(ExportCmd),
    /// User stories of the scope: add, edit, list, remove.
    #[command(subcommand)]
    Story(TextCmd),
    /// Acceptance criteria: add, mark met, move across the cut line, edit, remove.
    #[command(subcommand)]
    Criterion(CriterionCmd),
    /// Boundaries of the scope (what it will not do): add, edit, list, remove.
    #[command(subcommand)]
    Boundary(TextCmd),
    /// The workflow map: ordered steps, each with the side that acts.
    #[command(subcommand)]
    Workflow(WorkflowCmd),
    /// The signed scope: show it with its signatures, sign or withdraw a side's signature.
    #[command(subcommand)]
    Scope(ScopeCmd),
    /// The integration contract: terms, field mapping, auth scopes, Markdown for the partner.
    #[command(subcommand)]
    Contract(ContractCmd),
    /// The app-review, test-case, rollout and runbook checklists.
    #[command(subcommand)]
    Checklist(ChecklistCmd),
    /// Where the kickoff wizard stands, or move it (the app resumes there).
    Wizard {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_parser = enum_of::<WizardStep>)]
        step: Option<WizardStep>,
    },
    /// The decision log.
    #[command(subcommand)]
    Decision(DecisionCmd),
    /// The weekly written status for a week, as Markdown (drafted from the data).
    Status {
        #[command(flatten)]
        project: ProjectRef,
        /// Any day of the week (default: this week).
        #[arg(long, value_parser = date, value_name = "YYYY-MM-DD")]
        week: Option<NaiveDate>,
        /// Publish it into the project's history (from --file, else the draft as drafted).
        #[arg(long)]
        publish: bool,
        /// The status to publish, edited (Markdown).
        #[arg(long, value_name = "FILE", requires = "publish")]
        file: Option<PathBuf>,
    },
    /// The new-engineer test: what done means, who owns it, whom to escalate to.
    Readiness(ProjectRef),
    /// The weekly-sync agenda, as Markdown.
    Agenda(ProjectRef),
    /// Burn-down, oldest blocker by class, days to app review, forecast and risk.
    Metrics(ProjectRef),
    /// Share a project with the partner through a folder in any file-sync service.
    #[command(subcommand)]
    Sync(SyncCmd),
    /// A project's activity history: who changed what, when (newest first).
    History {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Edits that lost to a concurrent edit of the same field, for review.
    #[command(subcommand)]
    Conflict(ConflictCmd),
    /// Create a realistic sample project (a CRM-to-billing integration).
    Demo {
        /// `large` generates 50 projects with 20,000 blockers and over 200,000 ops, for
        /// benchmarks.
        #[arg(long, value_parser = ["sample", "large"], default_value = "sample")]
        scale: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum CriterionCmd {
    Add {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long)]
        text: String,
        #[arg(long, value_parser = enum_of::<Cut>, default_value = "v1")]
        cut: Cut,
        #[arg(long)]
        story: Option<String>,
    },
    /// Mark met (today unless --on).
    Met {
        #[arg(long)]
        id: String,
        #[arg(long, value_parser = date, value_name = "YYYY-MM-DD")]
        on: Option<NaiveDate>,
    },
    /// Move across the cut line.
    Cut {
        #[arg(long)]
        id: String,
        #[arg(long, value_parser = enum_of::<Cut>)]
        cut: Cut,
    },
    List(ProjectRef),
    /// Reword a criterion, or file it under a story (--story "" takes it out).
    Edit {
        #[arg(long)]
        id: String,
        #[arg(long)]
        text: String,
        #[arg(long)]
        story: Option<String>,
    },
    Remove {
        #[arg(long)]
        id: String,
    },
}

/// The forms shared by user stories and boundaries.
#[derive(Subcommand, Debug)]
pub enum TextCmd {
    Add {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long)]
        text: String,
    },
    Edit {
        #[arg(long)]
        id: String,
        #[arg(long)]
        text: String,
    },
    List(ProjectRef),
    Remove {
        #[arg(long)]
        id: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum WorkflowCmd {
    /// Add a step at the end.
    Add {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_parser = enum_of::<Side>)]
        side: Side,
        #[arg(long)]
        text: String,
    },
    List(ProjectRef),
    /// Move a step to a position (1 = first).
    Move {
        #[arg(long)]
        id: String,
        #[arg(long)]
        to: u32,
    },
    Remove {
        #[arg(long)]
        id: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ScopeCmd {
    /// Sign the scope as it is now for one side, through one of its people.
    Sign {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_parser = enum_of::<Side>)]
        side: Side,
        #[arg(long)]
        person: String,
    },
    /// Withdraw one side's signature.
    Unsign {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_parser = enum_of::<Side>)]
        side: Side,
    },
    Show(ProjectRef),
}

#[derive(Subcommand, Debug)]
pub enum ContractCmd {
    /// The contract with its problems; --markdown prints it as the partner gets it.
    Show {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long)]
        markdown: bool,
    },
    /// Set the terms; an empty value clears one.
    Set {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long)]
        objects: Option<String>,
        #[arg(long, value_parser = direction_or_blank)]
        direction: Option<String>,
        #[arg(long)]
        latency: Option<String>,
        #[arg(long)]
        retry_window: Option<String>,
        #[arg(long)]
        alerting: Option<String>,
        #[arg(long)]
        auth_method: Option<String>,
        #[arg(long)]
        idempotency_key: Option<String>,
        #[arg(long)]
        notes: Option<String>,
    },
    /// Add a row to the field-mapping table.
    Map {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, default_value = "")]
        object: String,
        #[arg(long)]
        partner_field: String,
        #[arg(long, default_value = "")]
        partner_type: String,
        #[arg(long)]
        our_field: String,
        #[arg(long, default_value = "")]
        our_type: String,
        #[arg(long, default_value = "")]
        allowed_values: String,
        /// e.g. "low=3, med=2, high=1"
        #[arg(long, default_value = "")]
        value_map: String,
        #[arg(long = "default", default_value = "")]
        default_value: String,
        #[arg(long, value_parser = enum_of::<Side>)]
        source_of_truth: Option<Side>,
    },
    /// Remove a field-mapping row.
    Unmap {
        #[arg(long)]
        id: String,
    },
    /// Add an auth scope with what it allows and why it is needed.
    Scope {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long)]
        scope: String,
        #[arg(long, default_value = "")]
        description: String,
        #[arg(long, default_value = "")]
        justification: String,
    },
    /// Remove an auth scope.
    Unscope {
        #[arg(long)]
        id: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ChecklistCmd {
    /// Every list, or one with --list.
    List {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_parser = enum_of::<ChecklistKind>)]
        list: Option<ChecklistKind>,
    },
    Add {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_parser = enum_of::<ChecklistKind>)]
        list: ChecklistKind,
        #[arg(long)]
        text: String,
    },
    Check {
        #[arg(long)]
        id: String,
    },
    Uncheck {
        #[arg(long)]
        id: String,
    },
    /// Set an item's note ("" clears it) and/or reword it.
    Edit {
        #[arg(long)]
        id: String,
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    Remove {
        #[arg(long)]
        id: String,
    },
}

fn direction_or_blank(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        return Ok(String::new());
    }
    enum_of::<Direction>(s).map(|d| d.as_str().to_string())
}

#[derive(Subcommand, Debug)]
pub enum DecisionCmd {
    /// Record a decision; with --blocker, resolves the decision blocker it answers.
    Add {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long)]
        question: String,
        #[arg(long)]
        decision: String,
        /// Who decided (a person id or prefix).
        #[arg(long)]
        by: String,
        #[arg(long, value_parser = date, value_name = "YYYY-MM-DD")]
        on: Option<NaiveDate>,
        #[arg(long)]
        blocker: Option<String>,
    },
    List(ProjectRef),
}

#[derive(Subcommand, Debug)]
pub enum BlockerCmd {
    Add {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long)]
        title: String,
        #[arg(long, value_parser = enum_of::<BlockerClass>)]
        class: BlockerClass,
        /// The side that must act.
        #[arg(long, value_parser = enum_of::<Side>)]
        waiting_on: Side,
        /// The owner's person id (or a unique prefix).
        #[arg(long)]
        owner: String,
        #[arg(long, value_parser = date, value_name = "YYYY-MM-DD")]
        opened: Option<NaiveDate>,
        #[arg(long, value_parser = date, value_name = "YYYY-MM-DD")]
        due: Option<NaiveDate>,
    },
    List {
        #[command(flatten)]
        project: ProjectRef,
        /// Only the open ones.
        #[arg(long)]
        open: bool,
    },
    /// Change a blocker's title, class, side, owner or due date (an empty --due clears it).
    Update {
        #[arg(long)]
        id: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long, value_parser = enum_of::<BlockerClass>)]
        class: Option<BlockerClass>,
        #[arg(long, value_parser = enum_of::<Side>)]
        waiting_on: Option<Side>,
        #[arg(long)]
        owner: Option<String>,
        #[arg(long)]
        due: Option<String>,
    },
    Resolve {
        #[arg(long)]
        id: String,
        /// How it was resolved.
        #[arg(long)]
        note: Option<String>,
    },
    Reopen {
        #[arg(long)]
        id: String,
    },
    /// The open blockers past the project's threshold (recording any new escalation).
    Escalations(ProjectRef),
}

#[derive(Subcommand, Debug)]
pub enum RaciCmd {
    /// Set one side's cell of a workstream (the workstream is created if new).
    Set {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long)]
        workstream: String,
        #[arg(long, value_parser = enum_of::<Side>)]
        side: Side,
        #[arg(long, value_parser = enum_of::<RaciLetter>)]
        letter: RaciLetter,
        #[arg(long)]
        person: String,
    },
    List(ProjectRef),
    Check(ProjectRef),
    /// Remove a workstream and its cells.
    Remove {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long)]
        workstream: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum MilestoneCmd {
    Add {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_parser = enum_of::<Track>)]
        track: Track,
        #[arg(long, value_parser = enum_of::<MilestoneKind>)]
        kind: MilestoneKind,
        #[arg(long)]
        title: Option<String>,
        #[arg(long, value_parser = date, value_name = "YYYY-MM-DD")]
        planned: Option<NaiveDate>,
    },
    /// Mark done (go-live and the listing: only once the agreement is signed).
    Done {
        #[arg(long)]
        id: String,
        #[arg(long, value_parser = date, value_name = "YYYY-MM-DD")]
        on: Option<NaiveDate>,
    },
    Reopen {
        #[arg(long)]
        id: String,
    },
    List(ProjectRef),
}

#[derive(Subcommand, Debug)]
pub enum ExportCmd {
    /// Every blocker as CSV.
    Blockers {
        #[command(flatten)]
        project: ProjectRef,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The dated milestones as an iCalendar (.ics) file.
    Milestones {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum SyncCmd {
    /// Make an empty folder (inside Dropbox, OneDrive, Google Drive, iCloud, Syncthing, a
    /// network share…) the project's shared folder, and sync it.
    Link {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_name = "DIR")]
        folder: PathBuf,
    },
    /// Join the project a partner shared in DIR.
    Join {
        #[arg(long, value_name = "DIR")]
        folder: PathBuf,
        /// The workspace already has this project: move it to DIR (its sync goes there from
        /// now on). Without it, joining a project this workspace has is refused.
        #[arg(long)]
        relink: bool,
    },
    /// Import the other devices' changes, then export this device's.
    Run(ProjectRef),
    /// The project's folder, last sync and the devices seen.
    Status(ProjectRef),
}

#[derive(Subcommand, Debug)]
pub enum ConflictCmd {
    List(ProjectRef),
    /// Write a lost edit's value back, so it wins from now on.
    Restore(ConflictRef),
    /// Keep the current value and stop listing the lost edit.
    Dismiss(ConflictRef),
}

/// Names one lost edit, as `conflict list --json` prints it.
#[derive(Args, Debug)]
pub struct ConflictRef {
    #[arg(long)]
    pub entity: String,
    #[arg(long)]
    pub row: String,
    #[arg(long)]
    pub field: String,
    #[arg(long)]
    pub hlc: String,
    #[arg(long)]
    pub device: String,
}

#[derive(Subcommand, Debug)]
pub enum ProjectCmd {
    Create {
        #[arg(long)]
        name: String,
        /// Our company's name.
        #[arg(long)]
        ours: String,
        /// The partner company's name.
        #[arg(long)]
        partner: String,
        #[arg(long, value_parser = enum_of::<Archetype>)]
        archetype: Option<Archetype>,
        #[arg(long, value_parser = date, value_name = "YYYY-MM-DD")]
        target_launch: Option<NaiveDate>,
        /// Business days before an open blocker escalates.
        #[arg(long, allow_negative_numbers = true)]
        threshold_days: Option<i32>,
    },
    List,
    Show(ProjectRef),
    Update {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_parser = date, value_name = "YYYY-MM-DD")]
        target_launch: Option<NaiveDate>,
        #[arg(long, allow_negative_numbers = true)]
        threshold_days: Option<i32>,
        /// The shared channel's link (http or https).
        #[arg(long)]
        channel: Option<String>,
        #[arg(long, value_parser = enum_of::<SyncDay>)]
        sync_day: Option<SyncDay>,
        /// A holiday (repeat for several); replaces the project's holiday list.
        #[arg(long = "holiday", value_parser = date, value_name = "YYYY-MM-DD")]
        holidays: Vec<NaiveDate>,
    },
    /// Delete a project (on every device it is shared with); it can be restored.
    Delete(ProjectRef),
    /// Deleted projects, with who deleted them and when.
    Deleted,
    /// Bring a deleted project back, on every device it is shared with.
    Restore(ProjectRef),
}

#[derive(Args, Debug)]
pub struct ProjectRef {
    /// The project's id, or a unique prefix of at least 8 characters.
    #[arg(long)]
    pub project: String,
}

#[derive(Subcommand, Debug)]
pub enum PersonCmd {
    Add {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_parser = enum_of::<Side>)]
        side: Side,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        title: Option<String>,
    },
    List(ProjectRef),
    /// Change a person's name, email or title (an empty value clears email or title).
    Update {
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        title: Option<String>,
    },
    Remove {
        #[arg(long)]
        id: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum RoleCmd {
    Set {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_parser = enum_of::<Side>)]
        side: Side,
        /// The person's id, or a unique prefix.
        #[arg(long)]
        person: String,
    },
}

fn date(s: &str) -> Result<NaiveDate, String> {
    validate::date("date", s).map_err(|_| format!("expected a date written YYYY-MM-DD (got '{s}')"))
}

fn instant(s: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(s.trim()).map_err(|_| {
        format!("SEAMLINE_NOW must be an RFC 3339 instant like 2027-01-15T10:00:00Z (got '{s}')")
    })
}

/// Parses any of the domain's vocabularies; the error lists every allowed value.
fn enum_of<T: Vocabulary>(s: &str) -> Result<T, String> {
    T::parse_value(s)
}

pub trait Vocabulary: Sized + Clone + Send + Sync + 'static {
    fn parse_value(s: &str) -> Result<Self, String>;
}

macro_rules! vocab {
    ($($t:ty),+) => {$(
        impl Vocabulary for $t {
            fn parse_value(s: &str) -> Result<Self, String> {
                <$t>::parse("value", s).map_err(|e| match e {
                    seamline_core::Error::Validation { message, .. } => message,
                    other => other.to_string(),
                })
            }
        }
    )+};
}
vocab!(
    Archetype,
    Side,
    SyncDay,
    BlockerClass,
    RaciLetter,
    Track,
    MilestoneKind,
    Cut,
    ChecklistKind,
    Direction,
    WizardStep
);
