//! Seamline's local workspace and its use cases.
//!
//! A workspace is one SQLite file. Every change to user data is written as ops in the op log
//! ([`oplog`]) in the same transaction as the projection tables it changes; the tables can be
//! rebuilt from the ops at any time. The command (`seamline-cli`) and the desktop shell call
//! the same use cases here: neither holds business rules, and this crate knows nothing of
//! Tauri or IPC.

pub mod blocker;
pub mod cadence;
pub mod checklist;
pub mod clocks;
pub mod contract;
pub mod db;
pub mod demo;
pub mod error;
mod export;
pub mod history;
pub mod ids;
pub mod import;
pub mod invalid;
pub mod kickoff;
pub mod large;
pub mod milestone;
pub mod oplog;
pub mod paths;
pub mod person;
pub mod portfolio;
pub mod project;
pub mod raci;
pub mod readiness;
pub mod reads;
pub mod schema;
mod scope;
pub mod sync_state;
pub mod workspace;

pub use blocker::{Blocker, BlockerPatch, NewBlocker};
pub use cadence::{CutMove, Decision, Metrics, NewDecision, OldestBlocker};
pub use checklist::ChecklistItem;
pub use clocks::ClockSkew;
pub use contract::{Contract, MappingInput, ScopeInput, TermsPatch};
pub use error::{Error, Result};
pub use history::{Change, Conflict};
pub use import::{FileImport, Import};
pub use invalid::InvalidValue;
pub use kickoff::{Scope, ScopeItem, WorkflowStep};
pub use milestone::{Milestone, NewMilestone, Tracks};
pub use person::{NewPerson, Person, PersonPatch};
pub use project::{DeletedProject, NewProject, Project, ProjectPatch, ProjectSummary, Role};
pub use raci::{RaciCell, RaciCheck, RaciProblem, Workstream};
pub use sync_state::{Device, SyncLink};
pub use workspace::{Clock, Workspace, Writer};
