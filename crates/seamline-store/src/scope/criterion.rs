//! Acceptance criteria: what done means, each on one side of the v1/v1.1 cut line. Every move
//! across the line is an op, so the history keeps it (`cut_moves`).

use std::ops::Deref;

use chrono::NaiveDate;
use seamline_core::{validate, Cut};
use serde::Serialize;

use crate::columns::{date_at, text_at};
use crate::error::{Error, Result};
use crate::ids;
use crate::schema::Entity;
use crate::scope::lists::List;
use crate::workspace::{ScopeRoom, Workspace};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Criterion {
    pub id: String,
    pub story_id: Option<String>,
    pub text: String,
    pub cut: Cut,
    pub met_on: Option<NaiveDate>,
    /// When it was written (ms; the shown time of its first op), where the burn-down starts.
    /// The store's own: not sent to screens.
    #[serde(skip)]
    pub(crate) written: Option<i64>,
}

/// A move of a criterion across the cut line, from the op log.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CutMove {
    pub criterion: String,
    pub to: Cut,
    pub at: String,
}

impl Workspace {
    fn criterion_project(&self, id: &str) -> Result<String> {
        Ok(self.conn().query_row("SELECT project_id FROM criteria WHERE id = ?1", [id], |r| r.get(0))?)
    }
}

impl<W: Deref<Target = Workspace>> ScopeRoom<W> {
    pub fn criteria(&self, project: &str) -> Result<Vec<Criterion>> {
        let project = self.ws.project_exists(project)?;
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT id, story_id, coalesce(text, ''), cut, met_on, written FROM criteria
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
                    written: r.get(5)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    pub fn criterion(&self, id: &str) -> Result<Criterion> {
        let id = ids::resolve(self.ws.conn(), Entity::Criterion, "criterion", id)?;
        let project: String =
            self.ws.conn().query_row("SELECT project_id FROM criteria WHERE id = ?1", [&id], |r| r.get(0))?;
        self.criteria(&project)?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or(Error::NotFound { what: "acceptance criterion", id })
    }

    /// Every move across the cut line after a criterion was created, newest first.
    pub fn cut_moves(&self, project: &str) -> Result<Vec<CutMove>> {
        let project = self.ws.project_exists(project)?;
        // The criteria table has no `hlc`, `made_at` or `seen_at`: the shown time's columns are
        // the op's.
        let shown = crate::clocks::SHOWN_MS;
        let mut stmt = self.ws.conn().prepare(&format!(
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
}

impl ScopeRoom<&mut Workspace> {
    pub fn add_criterion(
        &mut self,
        project: &str,
        text: &str,
        cut: Cut,
        story: Option<&str>,
    ) -> Result<Criterion> {
        let project = self.ws.project_exists(project)?;
        let text = validate::text("text", text)?;
        let story = match story.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Some(ids::resolve(self.ws.conn(), Entity::Story, "story", s)?),
            None => None,
        };
        let position: f64 = self.ws.conn().query_row(
            "SELECT coalesce(max(position), 0) + 1 FROM criteria WHERE project_id = ?1",
            [&project],
            |r| r.get(0),
        )?;
        let id = ids::new_id();
        self.ws.write(|w| {
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

    /// Marks a criterion met on `on` (default today), or not met with `None`-like "unmet".
    pub fn met_criterion(&mut self, id: &str, on: Option<NaiveDate>) -> Result<Criterion> {
        let c = self.criterion(id)?;
        let today = self.ws.today();
        let on = on.unwrap_or(today);
        if on > today {
            return Err(Error::validation(
                "on",
                format!("must not be in the future (got {on}, today is {today})"),
            ));
        }
        let project = self.ws.criterion_project(&c.id)?;
        self.ws.write(|w| w.set(&project, Entity::Criterion, &c.id, "met_on", on.to_string()))?;
        self.criterion(&c.id)
    }

    pub fn unmet_criterion(&mut self, id: &str) -> Result<Criterion> {
        let c = self.criterion(id)?;
        let project = self.ws.criterion_project(&c.id)?;
        self.ws.write(|w| w.set(&project, Entity::Criterion, &c.id, "met_on", serde_json::Value::Null))?;
        self.criterion(&c.id)
    }

    /// Moves a criterion across the cut line. Every move is an op, so the history keeps it.
    pub fn cut_criterion(&mut self, id: &str, cut: Cut) -> Result<Criterion> {
        let c = self.criterion(id)?;
        let project = self.ws.criterion_project(&c.id)?;
        self.ws.write(|w| w.set(&project, Entity::Criterion, &c.id, "cut", cut.as_str()))?;
        self.criterion(&c.id)
    }

    /// Rewords a criterion and (with `Some`) files it under a story; `Some("")` takes it out.
    /// Every input (the text, the story) is checked before the one write: a refused edit
    /// changes nothing.
    pub fn update_criterion(&mut self, id: &str, text: &str, story: Option<&str>) -> Result<Criterion> {
        let (id, project) = self.ws.list_row(List::Criterion, id)?;
        let text = validate::text("text", text)?;
        let story = match story.map(str::trim) {
            None => None,
            Some("") => Some(None),
            Some(s) => {
                let (story, story_project) = self.ws.list_row(List::Story, s)?;
                if story_project != project {
                    return Err(Error::validation("story", "must be a user story of the same project"));
                }
                Some(Some(story))
            }
        };
        self.ws.write(|w| {
            w.set(&project, Entity::Criterion, &id, "text", &text)?;
            match story {
                Some(story) => w.set(&project, Entity::Criterion, &id, "story_id", story),
                None => Ok(()),
            }
        })?;
        self.criterion(&id)
    }

    pub fn remove_criterion(&mut self, id: &str) -> Result<()> {
        let (id, project) = self.ws.list_row(List::Criterion, id)?;
        self.ws.write(|w| w.delete(&project, Entity::Criterion, &id))
    }
}
