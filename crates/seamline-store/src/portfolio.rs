//! The home screen: every project with what needs attention, most urgent first.

use seamline_core::metrics::AppReview;
use seamline_core::BlockerClass;
use serde::Serialize;

use crate::error::Result;
use crate::project::ProjectSummary;
use crate::workspace::Workspace;

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
    pub days_to_app_review: AppReview,
    pub at_risk: bool,
    pub v1_remaining: u32,
    pub v1_total: u32,
    pub readiness_passed: u32,
    pub readiness_total: u32,
}

impl Workspace {
    /// Every project, those at risk first, then by escalations and the oldest blocker.
    pub fn portfolio(&self) -> Result<Vec<PortfolioRow>> {
        let mut rows = Vec::new();
        for summary in self.projects()? {
            // Each project's blockers and milestones are read once and serve every figure.
            let p = self.project(&summary.id)?;
            let open = self.blockers(&p.id, true)?;
            let ms = self.milestones(&p.id)?;
            let m = self.metrics_of(&p, &open, &ms)?;
            let oldest = m.oldest_blocker_by_class.iter().max_by_key(|o| o.age_business_days);
            let escalated = open.iter().filter(|b| b.escalated).count() as u32;
            let next_gate = ms
                .into_iter()
                .filter(|x| x.done.is_none() && x.planned.is_some())
                .min_by_key(|x| x.planned)
                .map(|x| format!("{} ({})", x.title, x.planned.map(|d| d.to_string()).unwrap_or_default()));
            let readiness = self.readiness(&p.id)?;
            rows.push(PortfolioRow {
                readiness_passed: readiness.passed,
                readiness_total: readiness.total,
                escalated,
                oldest_blocker_class: oldest.map(|o| o.class),
                oldest_blocker_title: oldest.map(|o| o.title.clone()),
                oldest_blocker_age: oldest.map(|o| o.age_business_days).unwrap_or(0),
                next_gate,
                days_to_app_review: m.days_to_app_review,
                at_risk: m.at_risk,
                v1_remaining: m.v1_remaining,
                v1_total: m.v1_total,
                summary,
            });
        }
        rows.sort_by(|a, b| {
            (b.at_risk, b.escalated, b.oldest_blocker_age)
                .cmp(&(a.at_risk, a.escalated, a.oldest_blocker_age))
                .then_with(|| a.summary.name.to_lowercase().cmp(&b.summary.name.to_lowercase()))
        });
        Ok(rows)
    }
}
