//! What the project reports: the three metrics (burn-down, oldest blocker by class, days to app
//! review) with the forecast and the cut proposal, the weekly status and the sync agenda.

mod agenda;
mod status;

pub use status::{StatusDraft, StatusReport};

use std::ops::Deref;

use chrono::NaiveDate;
use seamline_core::metrics::{self, AppReview, BurnPoint, CriterionFacts, Outlook};
use seamline_core::report;
use seamline_core::{BlockerClass, Cut, MilestoneKind};
use serde::Serialize;

use crate::error::Result;
use crate::scope::Criterion;
use crate::workspace::{ReportsRoom, Workspace};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OldestBlocker {
    pub class: BlockerClass,
    pub title: String,
    pub age_business_days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Metrics {
    pub burndown: Vec<BurnPoint>,
    /// No v1 criterion met for two weeks while some remain: a hidden blocker.
    pub flat_for_two_weeks: bool,
    pub v1_total: u32,
    pub v1_remaining: u32,
    /// v1 criteria met per week, recently.
    pub velocity: f64,
    pub forecast_v1_date: Option<NaiveDate>,
    pub target_launch: Option<NaiveDate>,
    /// The date is at risk: the burn-down flat for two weeks, or the forecast past the target.
    pub at_risk: bool,
    /// What the burn-down says about the date, with its word and why ("Not enough data yet":
    /// nothing met yet to forecast from).
    pub outlook: Outlook,
    pub outlook_label: String,
    pub outlook_note: String,
    /// Unmet v1 criteria the app proposes to move to v1.1 to hold the date (last first).
    pub cut_proposal: Vec<Criterion>,
    pub oldest_blocker_by_class: Vec<OldestBlocker>,
    pub days_to_app_review: AppReview,
    /// How it reads on screen ("33 days until submission"; "Approved", to which the screen adds
    /// the date).
    pub app_review_line: String,
    /// The open blockers by age band against this project's own threshold, each band counted
    /// per class (in `BlockerClass::ALL`'s order): the Metrics chart. Empty in the portfolio's
    /// figures, which do not chart them.
    pub blocker_ages: Vec<AgeBandCount>,
}

/// One band of the Metrics chart of open blockers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgeBandCount {
    pub band: seamline_core::blocker::AgeBand,
    /// Its legend, from the project's threshold ("Under 3 business days").
    pub label: String,
    /// How many open blockers of each class are in it.
    pub per_class: Vec<u32>,
}

impl Metrics {
    /// The project's oldest open blocker, whatever its class (of equal ages, the first class
    /// listed): what the portfolio and the weekly status name.
    pub fn oldest_blocker(&self) -> Option<&OldestBlocker> {
        self.oldest_blocker_by_class.iter().min_by_key(|o| std::cmp::Reverse(o.age_business_days))
    }
}

/// The oldest of these open blockers in each class, as the metrics name it.
pub(crate) fn oldest_per_class(open: &[crate::Blocker]) -> Vec<OldestBlocker> {
    crate::blocker::oldest_by_class(open)
        .into_iter()
        .map(|b| OldestBlocker {
            class: b.class,
            title: b.title.clone(),
            age_business_days: b.age_business_days,
        })
        .collect()
}

/// The open blockers counted per age band (core's rule, against the project's threshold) and
/// class.
fn age_bands(open: &[crate::Blocker], threshold: u32) -> Vec<AgeBandCount> {
    use seamline_core::blocker::{age_band, band_label, AgeBand};
    use seamline_core::BlockerClass;
    AgeBand::ALL
        .into_iter()
        .map(|band| AgeBandCount {
            band,
            label: band_label(band, threshold),
            per_class: BlockerClass::ALL
                .iter()
                .map(|class| {
                    open.iter()
                        .filter(|b| b.class == *class && age_band(b.age_business_days, threshold) == band)
                        .count() as u32
                })
                .collect(),
        })
        .collect()
}

impl Workspace {
    /// [`ReportsRoom::metrics`] from a project's oldest open blocker per class, milestones and
    /// criteria already read (the portfolio reads them once per project for several figures).
    pub(crate) fn metrics_of(
        &self,
        p: &crate::Project,
        oldest_blocker_by_class: Vec<OldestBlocker>,
        ms: &[crate::Milestone],
        criteria: &[Criterion],
    ) -> Result<Metrics> {
        let today = self.today();
        let v1: Vec<Criterion> = criteria.iter().filter(|c| c.cut == Cut::V1).cloned().collect();
        let facts: Vec<CriterionFacts> = v1.iter().map(|c| CriterionFacts { met_on: c.met_on }).collect();
        // The burn-down starts on the day the first v1 criterion was written.
        let first_written = v1
            .iter()
            .filter_map(|c| c.written)
            .min()
            .and_then(chrono::DateTime::from_timestamp_millis)
            .map(|t| t.date_naive());
        let f = metrics::v1_forecast(&facts, first_written, p.target_launch, today);
        let unmet: Vec<Criterion> = v1.iter().filter(|c| c.met_on.is_none()).cloned().collect();
        let cut_proposal = report::cut_proposal(&unmet, f.to_cut as usize);
        let find = |k: MilestoneKind| ms.iter().find(|m| m.kind == k);
        let sub = find(MilestoneKind::AppReviewSubmitted);
        let app = find(MilestoneKind::AppReviewApproved);
        let days_to_app_review = metrics::app_review(
            today,
            sub.and_then(|m| m.planned),
            sub.and_then(|m| m.done),
            app.and_then(|m| m.planned),
            app.and_then(|m| m.done),
        );
        let note = f.note(p.target_launch);
        Ok(Metrics {
            flat_for_two_weeks: f.flat_for_two_weeks,
            burndown: f.burndown,
            v1_total: f.total,
            v1_remaining: f.remaining,
            velocity: f.velocity,
            forecast_v1_date: f.forecast,
            target_launch: p.target_launch,
            at_risk: f.outlook.at_risk(),
            outlook: f.outlook,
            outlook_label: f.outlook.label().to_string(),
            outlook_note: note,
            cut_proposal,
            oldest_blocker_by_class,
            app_review_line: days_to_app_review.short_line(),
            days_to_app_review,
            blocker_ages: Vec::new(),
        })
    }
}

impl<W: Deref<Target = Workspace>> ReportsRoom<W> {
    pub fn metrics(&self, project: &str) -> Result<Metrics> {
        let p = self.ws.projects().get(project)?;
        let open = self.ws.blockers().list(&p.id, true)?;
        let ms = self.ws.milestones().list(&p.id)?;
        let criteria = self.ws.scope().criteria(&p.id)?;
        let mut m = self.ws.metrics_of(&p, oldest_per_class(&open), &ms, &criteria)?;
        m.blocker_ages = age_bands(&open, p.threshold_days);
        Ok(m)
    }
}

/// A criterion as the reports read it.
fn criterion_line(c: Criterion) -> report::CriterionLine {
    report::CriterionLine { text: c.text, cut: c.cut, met_on: c.met_on }
}

/// A milestone as the reports read it.
fn milestone_line(m: crate::Milestone) -> report::MilestoneLine {
    report::MilestoneLine {
        title: m.title,
        track: m.track,
        planned: m.planned,
        done: m.done,
        late: m.late,
        gated: m.gated,
    }
}

/// An open blocker as the reports read it.
fn blocker_line(p: &crate::Project, b: &crate::Blocker) -> report::BlockerLine {
    report::BlockerLine {
        class: b.class,
        title: b.title.clone(),
        age_business_days: b.age_business_days,
        owner: b.owner_name.clone(),
        waiting_on: p.company(b.waiting_on).to_string(),
        due: b.due,
        escalated: b.escalated,
        escalate_to: b.escalate_to_name.clone(),
    }
}
