//! The portfolio's line for a project, and the rows computed earlier that the workspace
//! keeps (below it: the workspace holds the cache, the portfolio fills it).

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use seamline_core::metrics::AppReview;
use seamline_core::BlockerClass;
use serde::Serialize;

use crate::project::model::ProjectSummary;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PortfolioRow {
    pub summary: ProjectSummary,
    pub escalated: u32,
    pub oldest_blocker_class: Option<BlockerClass>,
    pub oldest_blocker_title: Option<String>,
    pub oldest_blocker_age: u32,
    /// The next milestone not done, by planned date: "title (date)".
    pub next_gate: Option<String>,
    /// The same milestone's title and planned date, for screens to format.
    pub next_gate_title: Option<String>,
    pub next_gate_date: Option<NaiveDate>,
    /// Its planned date has passed.
    pub next_gate_late: bool,
    pub days_to_app_review: AppReview,
    /// How it reads on screen ("33 days until submission"; "Approved", to which the screen adds
    /// the date).
    pub app_review_line: String,
    pub at_risk: bool,
    pub v1_remaining: u32,
    pub v1_total: u32,
    pub readiness_passed: u32,
    pub readiness_total: u32,
}

/// Portfolio rows computed earlier, by project, with the day they were computed for. A row
/// is a function of the project's data and of the day (ages count business days), so it is
/// right until one of them changes. This workspace forgets a project's row when it writes or
/// imports ops of that project; a write by another process on the same file (the command
/// while the app is open) moves SQLite's `data_version`, which forgets them all.
#[derive(Default)]
pub(crate) struct Cache(pub(super) RefCell<CacheState>);

#[derive(Default)]
pub(super) struct CacheState {
    pub(super) data_version: i64,
    pub(super) rows: HashMap<String, (NaiveDate, PortfolioRow)>,
    /// The projects listed at the last call, for the day it was made: while nothing is stale,
    /// a call answers from here without a query (the list is what costs: it counts each
    /// project's people and blockers).
    pub(super) listed: Option<(NaiveDate, Vec<String>)>,
    /// Projects changed since (written, imported, created, deleted, their membership said).
    pub(super) stale: HashSet<String>,
}

impl Cache {
    pub(crate) fn forget<'a>(&self, projects: impl Iterator<Item = &'a str>) {
        let mut state = self.0.borrow_mut();
        for p in projects {
            state.rows.remove(p);
            state.stale.insert(p.to_string());
        }
    }

    pub(crate) fn clear(&self) {
        let mut state = self.0.borrow_mut();
        state.rows.clear();
        state.listed = None;
        state.stale.clear();
    }
}
