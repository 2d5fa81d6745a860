//! The weekly written status: drafted from the data for any week (shipped, blocked, next, and
//! the three metrics as three lines), editable, published into the project's history.

use std::fmt::Write as _;

use chrono::{Duration, NaiveDate};
use rusqlite::params;
use seamline_core::metrics;
use seamline_core::{validate, BlockerClass, Cut};
use serde::Serialize;

use super::{business_days, or};
use crate::columns::date;
use crate::error::{Error, Result};
use crate::ids;
use crate::schema::Entity;
use crate::workspace::Workspace;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StatusReport {
    pub id: String,
    pub week: Option<NaiveDate>,
    pub body: String,
    pub published_at: Option<String>,
}

impl Workspace {
    /// The weekly status drafted from the data for the week holding `week` (default this
    /// week): shipped, blocked, next, and the three metrics as three lines. Markdown.
    pub fn status_draft(&self, project: &str, week: Option<&str>) -> Result<String> {
        let p = self.project(project)?;
        let today = self.today();
        let end = metrics::week_end(validate::optional_date("week", week)?.unwrap_or(today));
        let start = end - Duration::days(6);
        let in_week = |d: Option<NaiveDate>| d.is_some_and(|d| d >= start && d <= end);
        let criteria = self.criteria(&p.id)?;
        let ms = self.milestones(&p.id)?;
        let blockers = self.blockers(&p.id, true)?;
        let m = self.metrics(&p.id)?;

        let mut s = String::new();
        let _ = writeln!(s, "# {} — weekly status, week ending {}\n", p.name, end.format("%a %-d %b %Y"));
        let _ = writeln!(s, "{} ↔ {}\n", p.ours, p.partner);
        let _ = writeln!(s, "## Shipped\n");
        let mut shipped = 0;
        for c in criteria.iter().filter(|c| in_week(c.met_on)) {
            let _ = writeln!(s, "- Met ({}): {}", c.cut, c.text);
            shipped += 1;
        }
        for x in ms.iter().filter(|x| in_week(x.done)) {
            let _ = writeln!(s, "- {} done ({} track)", x.title, x.track);
            shipped += 1;
        }
        if shipped == 0 {
            let _ = writeln!(s, "- Nothing this week.");
        }
        let _ = writeln!(s, "\n## Blocked\n");
        if blockers.is_empty() {
            let _ = writeln!(s, "- Nothing is blocked.");
        }
        for class in BlockerClass::ALL {
            for b in blockers.iter().filter(|b| b.class == *class) {
                let escalated = if b.escalated {
                    format!(", escalated to {}", or(&b.escalate_to_name, "the escalation contact"))
                } else {
                    String::new()
                };
                let _ = writeln!(
                    s,
                    "- [{}] {} — {}, owner {}, waiting on {}{}",
                    class.label(),
                    b.title,
                    business_days(b.age_business_days),
                    or(&b.owner_name, "nobody"),
                    p.company(b.waiting_on),
                    escalated
                );
            }
        }
        let _ = writeln!(s, "\n## Next\n");
        let horizon = end + Duration::days(14);
        let next: Vec<_> = ms
            .iter()
            .filter(|x| x.done.is_none() && x.planned.is_some_and(|d| d > end && d <= horizon))
            .collect();
        if next.is_empty() {
            let _ = writeln!(s, "- No milestone is due in the next two weeks.");
        }
        for x in next {
            let _ = writeln!(
                s,
                "- {} ({} track), planned {}",
                x.title,
                x.track,
                x.planned.map(|d| d.to_string()).unwrap_or_default()
            );
        }
        let _ = writeln!(s, "\n## Metrics\n");
        let met_this_week = criteria.iter().filter(|c| c.cut == Cut::V1 && in_week(c.met_on)).count();
        let _ = writeln!(
            s,
            "- Burn-down: {} of {} v1 criteria remaining, {} met this week{}",
            m.v1_remaining,
            m.v1_total,
            met_this_week,
            if m.flat_for_two_weeks { " (flat for two weeks: look for a hidden blocker)" } else { "" }
        );
        match m.oldest_blocker() {
            Some(o) => {
                let _ = writeln!(
                    s,
                    "- Oldest blocker: {}, {} ({})",
                    o.class.label().to_lowercase(),
                    business_days(o.age_business_days),
                    o.title
                );
            }
            None => {
                let _ = writeln!(s, "- Oldest blocker: none open");
            }
        }
        let _ = writeln!(s, "- {}", m.days_to_app_review.line());
        Ok(s)
    }

    /// Publishes a weekly status into the project's history (replacing that week's, if one
    /// was published already: one status per week).
    pub fn publish_status(&mut self, project: &str, week: Option<&str>, body: &str) -> Result<StatusReport> {
        let p = self.project(project)?;
        let end = metrics::week_end(validate::optional_date("week", week)?.unwrap_or(self.today()));
        let body = body.trim();
        if body.is_empty() {
            return Err(Error::validation("body", "must not be empty"));
        }
        if body.chars().count() > 20_000 {
            return Err(Error::validation("body", "must be at most 20,000 characters"));
        }
        let id = ids::natural_id(Entity::StatusReport, &[&p.id, &end.to_string()]);
        let at = self.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.write(|w| {
            w.set(&p.id, Entity::StatusReport, &id, "week", end.to_string())?;
            w.set(&p.id, Entity::StatusReport, &id, "body", body)?;
            w.set(&p.id, Entity::StatusReport, &id, "published_at", &at)
        })?;
        self.status_reports(&p.id)?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or(Error::Internal("status vanished".into()))
    }

    pub fn status_reports(&self, project: &str) -> Result<Vec<StatusReport>> {
        let project = self.project_exists(project)?;
        let mut stmt = self.conn().prepare_cached(
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
        let project = self.project_exists(project)?;
        let mut stmt = self.conn().prepare_cached(
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
