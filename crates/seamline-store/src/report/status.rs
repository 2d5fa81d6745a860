//! The weekly written status: drafted from the data for any week (shipped, blocked, next, and
//! the three metrics as three lines), editable, published into the project's history.

use std::ops::Deref;

use chrono::NaiveDate;
use rusqlite::params;
use seamline_core::metrics;
use seamline_core::report::{self, OldestLine, StatusFacts};
use seamline_core::validate;
use serde::Serialize;

use crate::columns::date;
use crate::error::{Error, Result};
use crate::ids;
use crate::schema::Entity;
use crate::workspace::{ReportsRoom, Workspace};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StatusReport {
    pub id: String,
    pub week: Option<NaiveDate>,
    pub body: String,
    pub published_at: Option<String>,
}

/// A drafted status and the week it is for (its last day), which the screen's week field
/// shows when it was left blank for this week.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StatusDraft {
    pub week: NaiveDate,
    pub body: String,
}

impl<W: Deref<Target = Workspace>> ReportsRoom<W> {
    /// The weekly status drafted from the data for the week holding `week` (default this
    /// week), with that week: shipped, blocked, next, and the three metrics as three lines,
    /// in Markdown.
    pub fn status_draft(&self, project: &str, week: Option<NaiveDate>) -> Result<StatusDraft> {
        let p = self.ws.projects().get(project)?;
        let week_end = metrics::week_end(week.unwrap_or(self.ws.today()));
        // Read once: the metrics and the status's own lists come from the same rows (reading
        // them again through `metrics` was a third of drafting).
        let open = self.ws.blockers().list(&p.id, true)?;
        let criteria = self.ws.scope().criteria(&p.id)?;
        let milestones = self.ws.milestones().list(&p.id)?;
        let m = self.ws.metrics_of(&p, super::oldest_per_class(&open), &milestones, &criteria)?;
        // The writer's company first: a partner drafts "Ledgerly ↔ Northwind". Both are named,
        // so the published status reads the same to either company.
        let (first, second) = match p.my_side {
            Some(seamline_core::Side::Partner) => (p.partner.clone(), p.ours.clone()),
            _ => (p.ours.clone(), p.partner.clone()),
        };
        let facts = StatusFacts {
            project: p.name.clone(),
            ours: first,
            partner: second,
            week_end,
            criteria: criteria.into_iter().map(super::criterion_line).collect(),
            milestones: milestones.into_iter().map(super::milestone_line).collect(),
            open_blockers: open.iter().map(|b| super::blocker_line(&p, b)).collect(),
            v1_total: m.v1_total,
            v1_remaining: m.v1_remaining,
            flat_for_two_weeks: m.flat_for_two_weeks,
            oldest: m.oldest_blocker().map(|o| OldestLine {
                class: o.class,
                title: o.title.clone(),
                age_business_days: o.age_business_days,
            }),
            app_review: m.days_to_app_review.line(),
        };
        Ok(StatusDraft { week: week_end, body: report::status_markdown(&facts) })
    }

    pub fn published(&self, project: &str) -> Result<Vec<StatusReport>> {
        let project = self.ws.project_exists(project)?;
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT id, week, coalesce(body, ''), published_at FROM status_reports
             WHERE project_id = ?1 AND deleted = 0 AND published_at IS NOT NULL ORDER BY week DESC",
        )?;
        let rows = stmt
            .query_map(params![project], |r| {
                Ok(StatusReport {
                    id: r.get(0)?,
                    week: crate::columns::date(r.get(1)?),
                    body: r.get(2)?,
                    published_at: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The most recently published weekly status, if any.
    pub fn latest_status(&self, project: &str) -> Result<Option<StatusReport>> {
        let project = self.ws.project_exists(project)?;
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT id, week, coalesce(body, ''), published_at FROM status_reports
             WHERE project_id = ?1 AND deleted = 0 AND published_at IS NOT NULL
             ORDER BY week DESC, published_at DESC LIMIT 1",
        )?;
        let mut rows = stmt.query_map([project], |r| {
            Ok(StatusReport {
                id: r.get(0)?,
                week: date(r.get(1)?),
                body: r.get(2)?,
                published_at: r.get(3)?,
            })
        })?;
        Ok(rows.next().transpose()?)
    }
}

impl ReportsRoom<&mut Workspace> {
    /// Publishes a weekly status into the project's history (replacing that week's, if one
    /// was published already: one status per week).
    pub fn publish_status(
        &mut self,
        project: &str,
        week: Option<NaiveDate>,
        body: &str,
    ) -> Result<StatusReport> {
        let p = self.ws.projects().get(project)?;
        let end = metrics::week_end(week.unwrap_or(self.ws.today()));
        // The same limit and checks a status from another device is held to (core's).
        let body = validate::long_text("body", body, validate::MAX_REPORT_CHARS)?;
        let body = body.as_str();
        let id = ids::natural_id(Entity::StatusReport, &[&p.id, &end.to_string()]);
        let at = self.ws.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.ws.write(|w| {
            w.set(&p.id, Entity::StatusReport, &id, "week", end.to_string())?;
            w.set(&p.id, Entity::StatusReport, &id, "body", body)?;
            w.set(&p.id, Entity::StatusReport, &id, "published_at", &at)
        })?;
        self.published(&p.id)?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or(Error::Internal("status vanished".into()))
    }
}
