//! Seamline's domain: the vocabulary of an integration project between two companies and the
//! rules over it.
//!
//! This crate must never do IO, touch SQLite or read a clock. Every rule is a function of
//! data and of a `now` passed in, so the same rule gives the same answer in the app, the
//! command, a test and a replay of the op log.

pub mod activity;
pub mod blocker;
pub mod calendar;
pub mod contract;
pub mod deletion;
pub mod error;
pub mod escalation;
pub mod export;
pub mod hlc;
pub mod kickoff;
pub mod kinds;
pub mod markdown;
pub mod metrics;
pub mod ownership;
pub mod raci;
pub mod readiness;
pub mod reminder;
pub mod report;
pub mod scope;
pub mod sides;
pub mod tracks;
pub mod validate;
pub mod vocabulary;

pub use error::{Error, Result};
pub use hlc::{Hlc, HlcClock};
pub use kinds::{
    Archetype, BlockerClass, ChecklistKind, Cut, Direction, MilestoneKind, RaciLetter, Side, SyncDay, Track,
    WizardStep,
};
