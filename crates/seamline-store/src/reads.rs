//! Read models of a project's scope, blockers, milestones and status reports, as the status
//! page, the reports and the screens show them. The rules they apply (ages in business days,
//! the escalation threshold, signature staleness) come from `seamline-core`.

use chrono::NaiveDate;
use rusqlite::params;
use seamline_core::calendar::{business_days_between, past_threshold};
use seamline_core::{BlockerClass, Cut, Side, Track};
use serde::Serialize;

use crate::error::Result;
use crate::workspace::Workspace;

fn date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Criterion {
    pub id: String,
    pub story_id: Option<String>,
    pub text: String,
    pub cut: Cut,
    pub met_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Signature {
    pub side: Side,
    pub person_id: Option<String>,
    pub person_name: String,
    pub signed_at: String,
    /// The scope changed after this signature: it asks for a re-sign.
    pub stale: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Blocker {
    pub id: String,
    pub title: String,
    pub class: BlockerClass,
    pub waiting_on: Side,
    pub owner_id: Option<String>,
    pub owner_name: String,
    pub opened: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub resolved_on: Option<NaiveDate>,
    pub age_business_days: u32,
    /// Open and past the project's threshold.
    pub escalated: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Milestone {
    pub id: String,
    pub track: Track,
    pub kind: seamline_core::MilestoneKind,
    pub title: String,
    pub planned: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StatusReport {
    pub id: String,
    pub week: Option<NaiveDate>,
    pub body: String,
    pub published_at: Option<String>,
}

impl Workspace {
    pub fn stories(&self, project: &str) -> Result<Vec<(String, String)>> {
        let project = self.project_exists(project)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, coalesce(text, '') FROM stories WHERE project_id = ?1 AND deleted = 0 ORDER BY position, id",
        )?;
        let rows = stmt.query_map([project], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    pub fn boundaries(&self, project: &str) -> Result<Vec<String>> {
        let project = self.project_exists(project)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT coalesce(text, '') FROM boundaries WHERE project_id = ?1 AND deleted = 0 ORDER BY position, id",
        )?;
        let rows = stmt.query_map([project], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    pub fn criteria(&self, project: &str) -> Result<Vec<Criterion>> {
        let project = self.project_exists(project)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, story_id, coalesce(text, ''), cut, met_on FROM criteria
             WHERE project_id = ?1 AND deleted = 0 ORDER BY position, id",
        )?;
        let rows = stmt
            .query_map([project], |r| {
                let cut: Option<String> = r.get(3)?;
                Ok(Criterion {
                    id: r.get(0)?,
                    story_id: r.get(1)?,
                    text: r.get(2)?,
                    cut: cut.and_then(|c| Cut::parse("cut", &c).ok()).unwrap_or(Cut::V1),
                    met_on: date(r.get(4)?),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    pub fn signatures(&self, project: &str) -> Result<Vec<Signature>> {
        let project = self.project_exists(project)?;
        let hash = crate::scope::content(self.conn(), &project)?.hash();
        let mut stmt = self.conn().prepare_cached(
            "SELECT s.side, s.person_id, coalesce(p.name, ''), coalesce(s.signed_at, ''), coalesce(s.scope_hash, '')
             FROM signoffs s LEFT JOIN people p ON p.id = s.person_id
             WHERE s.project_id = ?1 AND s.deleted = 0 ORDER BY s.side = 'partner'",
        )?;
        let rows = stmt
            .query_map([project], |r| {
                let side: String = r.get(0)?;
                let signed_hash: String = r.get(4)?;
                Ok(Signature {
                    side: Side::parse("side", &side).unwrap_or(Side::Ours),
                    person_id: r.get(1)?,
                    person_name: r.get(2)?,
                    signed_at: r.get(3)?,
                    stale: signed_hash != hash,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The project's blockers, oldest first, with ages counted in business days to `today`.
    pub fn blockers(&self, project: &str, open_only: bool) -> Result<Vec<Blocker>> {
        let p = self.project(project)?;
        let today = self.today();
        let mut stmt = self.conn().prepare_cached(
            "SELECT b.id, coalesce(b.title, ''), b.class, b.waiting_on, b.owner_id, coalesce(o.name, ''),
                    b.opened, b.due, b.resolved_on
             FROM blockers b LEFT JOIN people o ON o.id = b.owner_id
             WHERE b.project_id = ?1 AND b.deleted = 0 AND (?2 = 0 OR b.resolved_on IS NULL)
             ORDER BY b.opened, b.id",
        )?;
        let rows = stmt
            .query_map(params![p.id, open_only as i64], |r| {
                let class: Option<String> = r.get(2)?;
                let side: Option<String> = r.get(3)?;
                let opened = date(r.get(6)?);
                let resolved_on = date(r.get(8)?);
                let until = resolved_on.unwrap_or(today);
                let age = opened.map(|o| business_days_between(o, until, &p.holidays)).unwrap_or(0);
                Ok(Blocker {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    class: class
                        .and_then(|c| BlockerClass::parse("class", &c).ok())
                        .unwrap_or(BlockerClass::Dependency),
                    waiting_on: side.and_then(|s| Side::parse("side", &s).ok()).unwrap_or(Side::Partner),
                    owner_id: r.get(4)?,
                    owner_name: r.get(5)?,
                    opened,
                    due: date(r.get(7)?),
                    resolved_on,
                    age_business_days: age.max(0) as u32,
                    escalated: resolved_on.is_none() && past_threshold(age, p.threshold_days),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Both tracks' milestones, by planned date.
    pub fn milestones(&self, project: &str) -> Result<Vec<Milestone>> {
        let project = self.project_exists(project)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, track, kind, coalesce(title, ''), planned, done_on FROM milestones
             WHERE project_id = ?1 AND deleted = 0 ORDER BY planned IS NULL, planned, id",
        )?;
        let rows = stmt
            .query_map([project], |r| {
                let track: Option<String> = r.get(1)?;
                let kind: Option<String> = r.get(2)?;
                Ok(Milestone {
                    id: r.get(0)?,
                    track: track.and_then(|t| Track::parse("track", &t).ok()).unwrap_or(Track::Build),
                    kind: kind
                        .and_then(|k| seamline_core::MilestoneKind::parse("kind", &k).ok())
                        .unwrap_or(seamline_core::MilestoneKind::Custom),
                    title: r.get(3)?,
                    planned: date(r.get(4)?),
                    done_on: date(r.get(5)?),
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
