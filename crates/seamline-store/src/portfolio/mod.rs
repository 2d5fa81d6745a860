//! The home screen: every project with what needs attention, most urgent first.

use std::ops::Deref;

use crate::error::Result;
use crate::project::ProjectSummary;
use crate::workspace::{ProjectsRoom, Workspace};

pub(crate) mod row;
pub use row::PortfolioRow;

impl Workspace {
    /// A project's row, from its summary as listed without its blockers counted.
    fn portfolio_row(&self, mut summary: ProjectSummary) -> Result<PortfolioRow> {
        // Each project's milestones and criteria are read once and serve every figure; its
        // blockers are only counted (from an index, in one pass for every figure that counts
        // them), never read row by row.
        let p = self.projects().get(&summary.id)?;
        let tally = self.open_blocker_tally(&p)?;
        summary.open_blockers = tally.open;
        summary.waiting_on_my_side = tally.waiting_on_my_side;
        summary.mine = tally.mine;
        let (escalated, oldest_by_class) = (tally.escalated, tally.oldest_by_class);
        let ms = self.milestones().list(&p.id)?;
        let criteria = self.scope().criteria(&p.id)?;
        let m = self.metrics_of(&p, oldest_by_class, &ms, &criteria)?;
        let readiness = self.readiness_of(&p, &criteria, &ms)?;
        let oldest = m.oldest_blocker();
        let gate =
            ms.into_iter().filter(|x| x.done.is_none() && x.planned.is_some()).min_by_key(|x| x.planned);
        let next_gate = gate
            .as_ref()
            .map(|x| format!("{} ({})", x.title, x.planned.map(|d| d.to_string()).unwrap_or_default()));
        let next_gate_date = gate.as_ref().and_then(|x| x.planned);
        Ok(PortfolioRow {
            readiness_passed: readiness.passed,
            readiness_total: readiness.total,
            escalated,
            oldest_blocker_class: oldest.map(|o| o.class),
            oldest_blocker_title: oldest.map(|o| o.title.clone()),
            oldest_blocker_age: oldest.map(|o| o.age_business_days).unwrap_or(0),
            next_gate,
            next_gate_title: gate.map(|x| x.title),
            next_gate_date,
            next_gate_late: next_gate_date.is_some_and(|d| d < self.today()),
            app_review_line: m.days_to_app_review.short_line(),
            days_to_app_review: m.days_to_app_review,
            at_risk: m.at_risk,
            v1_remaining: m.v1_remaining,
            v1_total: m.v1_total,
            summary,
        })
    }
}

impl<W: Deref<Target = Workspace>> ProjectsRoom<W> {
    /// Every project, those at risk first, then by escalations and the oldest blocker.
    /// Projects unchanged since the last call on the same day are not recomputed.
    pub fn portfolio(&self) -> Result<Vec<PortfolioRow>> {
        let today = self.ws.today();
        let version: i64 = self.ws.conn().query_row("PRAGMA data_version", [], |r| r.get(0))?;
        {
            let mut state = self.ws.portfolio_cache.0.borrow_mut();
            if state.data_version != version {
                // Another process wrote the file: anything may have changed.
                state.rows.clear();
                state.listed = None;
                state.stale.clear();
                state.data_version = version;
            }
        }
        // One read transaction for every project's reads: outside one, each query takes and
        // drops the file's shared lock by itself (and they would not see one moment either).
        let _read = self.ws.conn().unchecked_transaction()?;
        let listed = {
            let mut state = self.ws.portfolio_cache.0.borrow_mut();
            match state.listed.take() {
                Some((day, ids)) if day == today => Some((ids, std::mem::take(&mut state.stale))),
                _ => None,
            }
        };
        let ids = match listed {
            // The same day, nothing written by another process: only what changed since is read.
            Some((mut ids, stale)) => {
                for id in stale {
                    match self.ws.uncounted_summary_of(&id)? {
                        Some(summary) => {
                            let row = self.ws.portfolio_row(summary)?;
                            self.ws.portfolio_cache.0.borrow_mut().rows.insert(id.clone(), (today, row));
                            if !ids.contains(&id) {
                                ids.push(id);
                            }
                        }
                        None => ids.retain(|x| *x != id),
                    }
                }
                ids
            }
            None => {
                let mut ids = Vec::new();
                for summary in self.ws.summaries(None, false)? {
                    let cached = self
                        .ws
                        .portfolio_cache
                        .0
                        .borrow()
                        .rows
                        .get(&summary.id)
                        .is_some_and(|(day, row)| *day == today && row.summary.listed_as(&summary));
                    ids.push(summary.id.clone());
                    if !cached {
                        let row = self.ws.portfolio_row(summary)?;
                        self.ws
                            .portfolio_cache
                            .0
                            .borrow_mut()
                            .rows
                            .insert(row.summary.id.clone(), (today, row));
                    }
                }
                self.ws.portfolio_cache.0.borrow_mut().stale.clear();
                ids
            }
        };
        let mut rows = Vec::with_capacity(ids.len());
        {
            let state = self.ws.portfolio_cache.0.borrow();
            for id in &ids {
                if let Some((_, row)) = state.rows.get(id) {
                    rows.push(row.clone());
                }
            }
        }
        self.ws.portfolio_cache.0.borrow_mut().listed = Some((today, ids));
        rows.sort_by(|a, b| {
            (b.at_risk, b.escalated, b.oldest_blocker_age)
                .cmp(&(a.at_risk, a.escalated, a.oldest_blocker_age))
                .then_with(|| a.summary.name.to_lowercase().cmp(&b.summary.name.to_lowercase()))
        });
        Ok(rows)
    }
}
