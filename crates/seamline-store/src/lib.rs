//! Seamline's local workspace and its use cases.
//!
//! A workspace is one SQLite file. Every change to user data is written as ops in the op log
//! ([`oplog`]) in the same transaction as the projection tables it changes; the tables can be
//! rebuilt from the ops at any time. The command (`seamline-cli`) and the desktop shell call
//! the same use cases here: neither holds business rules, and this crate knows nothing of
//! Tauri or IPC.

// The workspace and its op log.
pub(crate) mod columns;
pub mod db;
pub(crate) mod device;
pub mod error;
pub mod ids;
pub mod oplog;
pub(crate) mod ownership;
pub(crate) mod patch;
pub mod paths;
pub mod schema;
pub mod workspace;

// The use cases, one module per domain noun (the same nouns as the desktop shell's
// `commands/` and the command line's modules).
pub mod blocker;
pub mod checklist;
pub mod contract;
pub mod decision;
pub mod me;
pub mod milestone;
pub mod person;
pub mod project;
pub mod proposal;
pub mod raci;
pub mod report;
pub mod scope;

// Views across the nouns.
pub mod activity;
pub mod history;
pub mod portfolio;
pub mod readiness;
pub mod reminder;

// Sharing through a folder: bookkeeping, checked import, values not used, clocks.
pub mod clocks;
pub mod handover;
pub mod import;
pub mod invalid;
pub mod refused;
pub mod sync;
pub mod trust;

// Sample data.
pub mod demo;
pub mod large;

pub use activity::Action;
pub use blocker::{Blocker, BlockerPatch, NewBlocker};
pub use checklist::ChecklistItem;
pub use clocks::ClockSkew;
pub use contract::{Contract, MappingInput, ScopeInput, TermsPatch};
pub use decision::{Decision, DecisionPatch, NewDecision};
pub use error::{Error, Result};
pub use history::{Change, Conflict};
pub use import::{FileImport, Import};
pub use invalid::InvalidValue;
pub use me::Membership;
pub use milestone::{Milestone, NewMilestone, Tracks};
pub use person::{NewPerson, Person, PersonPatch, Role};
pub use project::{DeletedProject, NewProject, Project, ProjectPatch, ProjectSummary, Removal};
pub use proposal::{Proposal, ProposalState, Suggestion};
pub use raci::{RaciCell, RaciCheck, RaciProblem, Workstream};
pub use refused::RefusedAttempt;
pub use report::{Metrics, OldestBlocker, StatusDraft, StatusReport};
pub use scope::{Criterion, CutMove, Scope, ScopeItem, Signature, WorkflowStep};
pub use sync::{Device, SyncLink};
pub use workspace::{Clock, Workspace, Writer};
