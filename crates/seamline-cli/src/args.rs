//! The command-line grammar. Enum values and dates are checked here, so a bad one is a usage
//! error (exit 2) whose message lists what is allowed.

use std::path::PathBuf;

use crate::blocker::BlockerCmd;
use crate::checklist::ChecklistCmd;
use crate::conflict::ConflictCmd;
use crate::contract::ContractCmd;
use crate::decision::DecisionCmd;
use crate::milestone::MilestoneCmd;
use crate::person::{PersonCmd, RoleCmd};
use crate::project::ProjectCmd;
use crate::proposal::ProposalCmd;
use crate::raci::RaciCmd;
use crate::report::ExportCmd;
use crate::scope::{CriterionCmd, ScopeCmd, TextCmd, WorkflowCmd};
use crate::sync::SyncCmd;
use clap::{Parser, Subcommand};
use seamline_core::WizardStep;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::parse::{date, enum_of, instant, ProjectRef};

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
    /// Who you are on this device: your name, and per project your company and person.
    Me(crate::me::MeArgs),
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
    /// Suggest a change of the other company's people, roles or RACI letters; accept or
    /// decline its suggestions.
    #[command(subcommand)]
    Proposal(ProposalCmd),
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
        /// One line per field written (the raw op log), instead of one per action.
        #[arg(long)]
        fields: bool,
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
