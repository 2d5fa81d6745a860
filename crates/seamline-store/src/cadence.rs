//! The weekly cadence: acceptance criteria met and moved across the cut line, the decision
//! log, the metrics, the drafted weekly status and the weekly-sync agenda.

use std::fmt::Write as _;

use chrono::{Duration, NaiveDate};
use rusqlite::params;
use seamline_core::metrics::{self, AppReview, BurnPoint, CriterionFacts};
use seamline_core::{validate, BlockerClass, Cut, MilestoneKind};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids;
use crate::reads::{Criterion, StatusReport};
use crate::schema::Entity;
use crate::workspace::Workspace;

/// Velocity is measured over this many recent weeks.
const VELOCITY_WEEKS: usize = 3;

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
    pub at_risk: bool,
    /// Unmet v1 criteria the app proposes to move to v1.1 to hold the date (last first).
    pub cut_proposal: Vec<Criterion>,
    pub oldest_blocker_by_class: Vec<OldestBlocker>,
    pub days_to_app_review: AppReview,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Decision {
    pub id: String,
    pub question: String,
    pub decision: String,
    pub decided_by: Option<String>,
    pub decided_by_name: String,
    pub decided_on: Option<NaiveDate>,
    pub blocker_id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewDecision {
    pub question: String,
    pub decision: String,
    /// The person who decided.
    pub decided_by: String,
    /// Blank means today.
    pub decided_on: Option<String>,
    /// The decision blocker this answers, which recording resolves.
    pub blocker: Option<String>,
}

/// A move of a criterion across the cut line, from the op log.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CutMove {
    pub criterion: String,
    pub to: Cut,
    pub at: String,
}

impl Metrics {
    /// The project's oldest open blocker, whatever its class (of equal ages, the first class
    /// listed): what the portfolio and the weekly status name.
    pub fn oldest_blocker(&self) -> Option<&OldestBlocker> {
        self.oldest_blocker_by_class.iter().min_by_key(|o| std::cmp::Reverse(o.age_business_days))
    }
}

impl Workspace {
    pub fn add_criterion(
        &mut self,
        project: &str,
        text: &str,
        cut: &str,
        story: Option<&str>,
    ) -> Result<Criterion> {
        let project = self.project_exists(project)?;
        let text = validate::text("text", text)?;
        let cut = Cut::parse("cut", cut)?;
        let story = match story.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Some(ids::resolve(self.conn(), Entity::Story, "story", s)?),
            None => None,
        };
        let position: f64 = self.conn().query_row(
            "SELECT coalesce(max(position), 0) + 1 FROM criteria WHERE project_id = ?1",
            [&project],
            |r| r.get(0),
        )?;
        let id = ids::new_id();
        self.write(|w| {
            w.set(&project, Entity::Criterion, &id, "text", &text)?;
            w.set(&project, Entity::Criterion, &id, "cut", cut.as_str())?;
            w.set(&project, Entity::Criterion, &id, "position", position)?;
            if let Some(s) = &story {
                w.set(&project, Entity::Criterion, &id, "story_id", s)?;
            }
            Ok(())
        })?;
        self.criterion(&id)
    }

    pub fn criterion(&self, id: &str) -> Result<Criterion> {
        let id = ids::resolve(self.conn(), Entity::Criterion, "criterion", id)?;
        let project: String =
            self.conn().query_row("SELECT project_id FROM criteria WHERE id = ?1", [&id], |r| r.get(0))?;
        self.criteria(&project)?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or(Error::NotFound { what: "acceptance criterion", id })
    }

    fn criterion_project(&self, id: &str) -> Result<String> {
        Ok(self.conn().query_row("SELECT project_id FROM criteria WHERE id = ?1", [id], |r| r.get(0))?)
    }

    /// Marks a criterion met on `on` (default today), or not met with `None`-like "unmet".
    pub fn met_criterion(&mut self, id: &str, on: Option<&str>) -> Result<Criterion> {
        let c = self.criterion(id)?;
        let today = self.today();
        let on = validate::optional_date("on", on)?.unwrap_or(today);
        if on > today {
            return Err(Error::validation(
                "on",
                format!("must not be in the future (got {on}, today is {today})"),
            ));
        }
        let project = self.criterion_project(&c.id)?;
        self.write(|w| w.set(&project, Entity::Criterion, &c.id, "met_on", on.to_string()))?;
        self.criterion(&c.id)
    }

    pub fn unmet_criterion(&mut self, id: &str) -> Result<Criterion> {
        let c = self.criterion(id)?;
        let project = self.criterion_project(&c.id)?;
        self.write(|w| w.set(&project, Entity::Criterion, &c.id, "met_on", serde_json::Value::Null))?;
        self.criterion(&c.id)
    }

    /// Moves a criterion across the cut line. Every move is an op, so the history keeps it.
    pub fn cut_criterion(&mut self, id: &str, cut: &str) -> Result<Criterion> {
        let c = self.criterion(id)?;
        let cut = Cut::parse("cut", cut)?;
        let project = self.criterion_project(&c.id)?;
        self.write(|w| w.set(&project, Entity::Criterion, &c.id, "cut", cut.as_str()))?;
        self.criterion(&c.id)
    }

    /// Every move across the cut line after a criterion was created, newest first.
    pub fn cut_moves(&self, project: &str) -> Result<Vec<CutMove>> {
        let project = self.project_exists(project)?;
        // The criteria table has no `hlc`, `made_at` or `seen_at`: the shown time's columns are
        // the op's.
        let shown = crate::clocks::SHOWN_MS;
        let mut stmt = self.conn().prepare(&format!(
            "SELECT o.row_id, o.value, {shown}, coalesce(c.text, '') FROM ops o LEFT JOIN criteria c ON c.id = o.row_id
             WHERE o.project_id = ?1 AND o.entity = 'criterion' AND o.field = 'cut' AND o.prev_hlc IS NOT NULL
             ORDER BY o.hlc DESC"
        ))?;
        let rows = stmt
            .query_map([project], |r| {
                let value: String = r.get(1)?;
                let shown: i64 = r.get(2)?;
                Ok((value, shown, r.get::<_, String>(3)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows
            .into_iter()
            .map(|(value, shown, text)| CutMove {
                criterion: text,
                to: serde_json::from_str::<String>(&value)
                    .ok()
                    .and_then(|v| Cut::parse("cut", &v).ok())
                    .unwrap_or(Cut::V1),
                at: crate::clocks::instant_ms(shown),
            })
            .collect())
    }

    pub fn metrics(&self, project: &str) -> Result<Metrics> {
        let p = self.project(project)?;
        let open = self.blockers(&p.id, true)?;
        let oldest = crate::blocker::oldest_by_class(&open)
            .into_iter()
            .map(|b| OldestBlocker {
                class: b.class,
                title: b.title.clone(),
                age_business_days: b.age_business_days,
            })
            .collect();
        let ms = self.milestones(&p.id)?;
        let criteria = self.criteria(&p.id)?;
        self.metrics_of(&p, oldest, &ms, &criteria)
    }

    /// [`Workspace::metrics`] from a project's oldest open blocker per class, milestones and
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
        let start = chrono::DateTime::parse_from_rfc3339(&p.created_at)
            .map(|d| d.date_naive())
            .unwrap_or(today)
            .min(v1.iter().filter_map(|c| c.met_on).min().unwrap_or(today));
        let burndown = metrics::burndown(&facts, start, today);
        let remaining = v1.iter().filter(|c| c.met_on.is_none()).count() as u32;
        let velocity = metrics::velocity(&burndown, VELOCITY_WEEKS);
        let forecast = metrics::forecast(remaining, velocity, today);
        let at_risk = metrics::at_risk(remaining, forecast, p.target_launch);
        let cut_proposal = match (at_risk, p.target_launch) {
            (true, Some(target)) => {
                let n = metrics::criteria_to_cut(remaining, velocity, today, target) as usize;
                // The last-listed unmet criteria are the lead's own order of importance.
                let mut unmet: Vec<Criterion> = v1.iter().filter(|c| c.met_on.is_none()).cloned().collect();
                unmet.reverse();
                unmet.truncate(n);
                unmet
            }
            _ => Vec::new(),
        };
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
        Ok(Metrics {
            flat_for_two_weeks: metrics::flat_for_two_weeks(&burndown),
            burndown,
            v1_total: v1.len() as u32,
            v1_remaining: remaining,
            velocity,
            forecast_v1_date: forecast,
            target_launch: p.target_launch,
            at_risk,
            cut_proposal,
            oldest_blocker_by_class,
            days_to_app_review,
        })
    }

    pub fn record_decision(&mut self, project: &str, input: NewDecision) -> Result<Decision> {
        let p = self.project(project)?;
        let question = validate::text("question", &input.question)?;
        let decision = validate::text("decision", &input.decision)?;
        let by = self.person_on(&p, "decided_by", &input.decided_by)?;
        let on = validate::optional_date("decided_on", input.decided_on.as_deref())?.unwrap_or(self.today());
        let blocker = match input.blocker.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
            Some(b) => {
                let b = self.blocker(b)?;
                if b.project_id != p.id {
                    return Err(Error::validation("blocker", "must be a blocker of this project"));
                }
                Some(b)
            }
            None => None,
        };
        let id = ids::new_id();
        let today = self.today().to_string();
        self.write(|w| {
            w.set(&p.id, Entity::Decision, &id, "question", &question)?;
            w.set(&p.id, Entity::Decision, &id, "decision", &decision)?;
            w.set(&p.id, Entity::Decision, &id, "decided_by", &by.id)?;
            w.set(&p.id, Entity::Decision, &id, "decided_on", on.to_string())?;
            if let Some(b) = &blocker {
                w.set(&p.id, Entity::Decision, &id, "blocker_id", &b.id)?;
                // Recording the answer resolves the decision blocker it answers.
                if b.resolved.is_none() {
                    w.set(&p.id, Entity::Blocker, &b.id, "resolved_on", &today)?;
                    w.set(&p.id, Entity::Blocker, &b.id, "resolution", format!("Decided: {decision}"))?;
                }
            }
            Ok(())
        })?;
        self.decisions(&p.id)?
            .into_iter()
            .find(|d| d.id == id)
            .ok_or(Error::Internal("decision vanished".into()))
    }

    pub fn decisions(&self, project: &str) -> Result<Vec<Decision>> {
        let project = self.project_exists(project)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT d.id, coalesce(d.question, ''), coalesce(d.decision, ''), d.decided_by, coalesce(p.name, ''),
                    d.decided_on, d.blocker_id
             FROM decisions d LEFT JOIN people p ON p.id = d.decided_by
             WHERE d.project_id = ?1 AND d.deleted = 0 ORDER BY d.decided_on DESC, d.id DESC",
        )?;
        let rows = stmt
            .query_map([project], |r| {
                Ok(Decision {
                    id: r.get(0)?,
                    question: r.get(1)?,
                    decision: r.get(2)?,
                    decided_by: r.get(3)?,
                    decided_by_name: r.get(4)?,
                    decided_on: crate::reads::date(r.get(5)?),
                    blocker_id: r.get(6)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

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
                    week: crate::reads::date(r.get(1)?),
                    body: r.get(2)?,
                    published_at: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The weekly-sync agenda: decisions pending, escalated blockers, dependencies without
    /// dates, milestones at risk. Markdown.
    pub fn agenda(&self, project: &str) -> Result<String> {
        let p = self.project(project)?;
        let today = self.today();
        let blockers = self.blockers(&p.id, true)?;
        let ms = self.milestones(&p.id)?;
        let signed = ms.iter().any(|m| m.kind == MilestoneKind::AgreementSigned && m.done.is_some());
        let mut s = String::new();
        let _ = writeln!(s, "# {} — weekly sync, {}\n", p.name, today.format("%a %-d %b %Y"));
        let _ = writeln!(s, "30 minutes, for decisions, not status.\n");
        let section = |s: &mut String, title: &str, lines: Vec<String>, none: &str| {
            let _ = writeln!(s, "## {title}\n");
            if lines.is_empty() {
                let _ = writeln!(s, "- {none}");
            }
            for l in lines {
                let _ = writeln!(s, "- {l}");
            }
            let _ = writeln!(s);
        };
        section(
            &mut s,
            "Decisions pending",
            blockers
                .iter()
                .filter(|b| b.class == BlockerClass::Decision)
                .map(|b| {
                    format!(
                        "{} ({}, owner {})",
                        b.title,
                        business_days(b.age_business_days),
                        or(&b.owner_name, "nobody")
                    )
                })
                .collect(),
            "No decision is waiting.",
        );
        section(
            &mut s,
            "Escalated blockers",
            blockers
                .iter()
                .filter(|b| b.escalated)
                .map(|b| {
                    format!(
                        "[{}] {} — {}, waiting on {}; escalate to {}",
                        b.class.label(),
                        b.title,
                        business_days(b.age_business_days),
                        p.company(b.waiting_on),
                        or(&b.escalate_to_name, "the escalation contact (not named)")
                    )
                })
                .collect(),
            "Nothing has waited past the threshold.",
        );
        section(
            &mut s,
            "Dependencies without dates",
            blockers
                .iter()
                .filter(|b| b.class == BlockerClass::Dependency && b.due.is_none())
                .map(|b| format!("{} — ask {} for a date on their sprint", b.title, p.company(b.waiting_on)))
                .collect(),
            "Every dependency has a date.",
        );
        let soon = today + Duration::days(14);
        section(
            &mut s,
            "Milestones at risk",
            ms.iter()
                .filter(|m| m.done.is_none())
                .filter_map(|m| {
                    let planned = m.planned?;
                    if m.late {
                        Some(format!(
                            "{} ({} track) was planned for {planned} and is not done",
                            m.title, m.track
                        ))
                    } else if m.gated && !signed && planned <= soon {
                        Some(format!(
                            "{} is planned for {planned} but waits for the signed agreement",
                            m.title
                        ))
                    } else {
                        None
                    }
                })
                .collect(),
            "No milestone is late.",
        );
        Ok(s)
    }
}

fn or<'a>(s: &'a str, fallback: &'a str) -> &'a str {
    if s.is_empty() {
        fallback
    } else {
        s
    }
}

fn business_days(n: u32) -> String {
    format!("{n} business {}", if n == 1 { "day" } else { "days" })
}
