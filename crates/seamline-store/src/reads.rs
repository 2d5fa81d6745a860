//! Read models of a project's scope and status reports, as the status
//! page, the reports and the screens show them. The rules they apply (ages in business days,
//! the escalation threshold, signature staleness) come from `seamline-core`.

use chrono::NaiveDate;
use seamline_core::{Cut, Side};
use serde::Serialize;

use crate::error::Result;
use crate::workspace::Workspace;

pub(crate) fn date(s: Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(seamline_core::calendar::parse_date)
}

/// The text of column `i`, borrowed from the row (no copy): `None` for NULL or any other type.
/// For values read into an enum or a date, where a `String` per cell would be thrown away.
pub(crate) fn text_at<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    Ok(match r.get_ref(i)? {
        rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t).ok(),
        _ => None,
    })
}

/// The date in column `i`, when it holds one written `YYYY-MM-DD`.
pub(crate) fn date_at(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(text_at(r, i)?.and_then(seamline_core::calendar::parse_date))
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
pub struct StatusReport {
    pub id: String,
    pub week: Option<NaiveDate>,
    pub body: String,
    pub published_at: Option<String>,
}

impl Workspace {
    pub fn criteria(&self, project: &str) -> Result<Vec<Criterion>> {
        let project = self.project_exists(project)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, story_id, coalesce(text, ''), cut, met_on FROM criteria
             WHERE project_id = ?1 AND deleted = 0 ORDER BY position, id",
        )?;
        let rows = stmt
            .query_map([project], |r| {
                Ok(Criterion {
                    id: r.get(0)?,
                    story_id: r.get(1)?,
                    text: r.get(2)?,
                    cut: text_at(r, 3)?.and_then(|c| Cut::parse("cut", c).ok()).unwrap_or(Cut::V1),
                    met_on: date_at(r, 4)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    pub fn signatures(&self, project: &str) -> Result<Vec<Signature>> {
        let project = self.project_exists(project)?;
        let hash = crate::scope::content(self.conn(), &project)?.hash();
        self.signatures_against(&project, &hash)
    }

    /// The project's signatures, each stale unless it covers `hash` (the scope as it is now).
    pub(crate) fn signatures_against(&self, project: &str, hash: &str) -> Result<Vec<Signature>> {
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
