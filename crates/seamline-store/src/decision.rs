//! The decision log: each decision with who made it and when. Recording a decision that
//! answers a decision blocker resolves that blocker.

use std::ops::Deref;

use chrono::NaiveDate;
use seamline_core::validate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids;
use crate::schema::Entity;
use crate::workspace::{DecisionsRoom, Workspace};

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

/// A change to a decision (`crate::patch`'s convention): absent or `null` leaves a field
/// alone; every field of a decision holds a value, so `""` is refused, naming the field.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DecisionPatch {
    pub question: Option<String>,
    pub decision: Option<String>,
    /// The person who decided.
    pub decided_by: Option<String>,
    pub decided_on: Option<String>,
}

impl<W: Deref<Target = Workspace>> DecisionsRoom<W> {
    pub fn list(&self, project: &str) -> Result<Vec<Decision>> {
        let project = self.ws.project_exists(project)?;
        let mut stmt = self.ws.conn().prepare_cached(
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
                    decided_on: crate::columns::date(r.get(5)?),
                    blocker_id: r.get(6)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}

impl DecisionsRoom<&mut Workspace> {
    /// Corrects a recorded decision: its words, who decided, or when. Every field is checked
    /// before anything is written.
    pub fn update(&mut self, id: &str, patch: DecisionPatch) -> Result<Decision> {
        let id = &ids::resolve(self.ws.conn(), Entity::Decision, "decision", id)?;
        let project: String =
            self.ws.conn().query_row("SELECT project_id FROM decisions WHERE id = ?1", [id], |r| r.get(0))?;
        let p = self.ws.projects().get(&project)?;
        let question = patch.question.as_deref().map(|q| validate::text("question", q)).transpose()?;
        let decision = patch.decision.as_deref().map(|d| validate::text("decision", d)).transpose()?;
        let by = patch.decided_by.as_deref().map(|b| self.ws.person_on(&p, "decided_by", b)).transpose()?;
        let on = patch.decided_on.as_deref().map(|d| validate::date("decided_on", d)).transpose()?;
        let before = self.list(&p.id)?.into_iter().find(|d| &d.id == id);
        // The blocker it answered says "Decided: …" in the old words: it says the new ones,
        // unless someone has written another resolution since.
        let answered = match (&decision, before.as_ref().and_then(|d| d.blocker_id.as_deref())) {
            (Some(_), Some(b)) => self.ws.blockers().get(b).ok().filter(|b| {
                before.as_ref().is_some_and(|d| {
                    b.resolution.as_deref() == Some(seamline_core::report::decided(&d.decision).as_str())
                })
            }),
            _ => None,
        };
        self.ws.write(|w| {
            if let (Some(b), Some(d)) = (&answered, &decision) {
                w.set(&p.id, Entity::Blocker, &b.id, "resolution", seamline_core::report::decided(d))?;
            }
            if let Some(q) = &question {
                w.set(&p.id, Entity::Decision, id, "question", q)?;
            }
            if let Some(d) = &decision {
                w.set(&p.id, Entity::Decision, id, "decision", d)?;
            }
            if let Some(b) = &by {
                w.set(&p.id, Entity::Decision, id, "decided_by", &b.id)?;
            }
            if let Some(d) = on {
                w.set(&p.id, Entity::Decision, id, "decided_on", d.to_string())?;
            }
            Ok(())
        })?;
        self.list(&p.id)?.into_iter().find(|d| &d.id == id).ok_or(Error::Internal("decision vanished".into()))
    }

    pub fn record(&mut self, project: &str, input: NewDecision) -> Result<Decision> {
        let p = self.ws.projects().get(project)?;
        let question = validate::text("question", &input.question)?;
        let decision = validate::text("decision", &input.decision)?;
        let by = self.ws.person_on(&p, "decided_by", &input.decided_by)?;
        let on =
            validate::optional_date("decided_on", input.decided_on.as_deref())?.unwrap_or(self.ws.today());
        let blocker = match input.blocker.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
            Some(b) => {
                let b = self.ws.blockers().get(b)?;
                if b.project_id != p.id {
                    return Err(Error::validation("blocker", "must be a blocker of this project"));
                }
                Some(b)
            }
            None => None,
        };
        let id = ids::new_id();
        let today = self.ws.today().to_string();
        self.ws.write(|w| {
            w.set(&p.id, Entity::Decision, &id, "question", &question)?;
            w.set(&p.id, Entity::Decision, &id, "decision", &decision)?;
            w.set(&p.id, Entity::Decision, &id, "decided_by", &by.id)?;
            w.set(&p.id, Entity::Decision, &id, "decided_on", on.to_string())?;
            if let Some(b) = &blocker {
                w.set(&p.id, Entity::Decision, &id, "blocker_id", &b.id)?;
                // Recording the answer resolves the decision blocker it answers.
                if b.resolved.is_none() {
                    w.set(&p.id, Entity::Blocker, &b.id, "resolved_on", &today)?;
                    w.set(
                        &p.id,
                        Entity::Blocker,
                        &b.id,
                        "resolution",
                        seamline_core::report::decided(&decision),
                    )?;
                }
            }
            Ok(())
        })?;
        self.list(&p.id)?.into_iter().find(|d| d.id == id).ok_or(Error::Internal("decision vanished".into()))
    }
}
