//! Suggestions: a company asks the other to change a fact that other company owns (a new
//! contact, a corrected email, an escalation contact, a RACI letter). The owning company sees
//! it on the project and in the portfolio, and accepts it (the change becomes its own edit,
//! through the same use case and the same checks as if it had typed it) or declines it; the
//! suggesting company sees which. Suggestions sync like any row.

use std::ops::Deref;

use rusqlite::Row;
use seamline_core::{validate, RaciLetter, Side};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids;
use crate::person::{NewPerson, PersonPatch, Role};
use crate::schema::Entity;
use crate::workspace::{ProposalsRoom, Workspace};

/// What is suggested: the change a use case of the owning company would make.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Suggestion {
    NewPerson { person: NewPerson },
    EditPerson { person: String, patch: PersonPatch },
    RemovePerson { person: String },
    Role { side: Side, role: Role, person: String },
    Raci { workstream: String, side: Side, letter: RaciLetter, person: String },
}

/// Where a suggestion stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ProposalState {
    Open,
    Accepted,
    Declined,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Proposal {
    pub id: String,
    pub project_id: String,
    pub suggestion: Suggestion,
    /// The suggestion in words: "Make Priya Raman Acme's escalation contact".
    pub summary: String,
    /// The company that suggests it, and the one that decides.
    pub by_side: Side,
    pub by_company: String,
    pub to_company: String,
    /// Who suggested it, when the device's user said who they are.
    pub by_person: Option<String>,
    pub note: Option<String>,
    pub state: ProposalState,
    pub created_at: String,
    pub decided_at: Option<String>,
    /// This device's company decides it (it is the other company's suggestion, still open).
    pub mine_to_decide: bool,
}

const COLUMNS: &str = "id, project_id, changes, by_side, by_person, note, state, created_at, decided_at";

impl Workspace {
    /// The company that owns what a suggestion changes.
    fn owner_of(&self, p: &crate::Project, s: &Suggestion) -> Result<Side> {
        Ok(match s {
            Suggestion::NewPerson { person } => person.side,
            Suggestion::EditPerson { person, .. } | Suggestion::RemovePerson { person } => {
                self.person_on(p, "person", person)?.side
            }
            Suggestion::Role { side, person, .. } => {
                let who = self.person_on(p, "person", person)?;
                if who.side != *side {
                    return Err(Error::validation(
                        "person",
                        format!(
                            "must be one of {}'s people; {} is with {}",
                            p.company(*side),
                            who.name,
                            p.company(who.side)
                        ),
                    ));
                }
                *side
            }
            Suggestion::Raci { side, .. } => *side,
        })
    }

    fn decidable(&self, id: &str) -> Result<Proposal> {
        let proposal = self.proposals().get(id)?;
        if proposal.state != ProposalState::Open {
            return Err(Error::validation(
                "suggestion",
                format!("was already {}", state_word(proposal.state)),
            ));
        }
        if !proposal.mine_to_decide {
            return Err(Error::NotYours(format!(
                "{}'s suggestions to {} are decided by {}",
                proposal.by_company, proposal.to_company, proposal.to_company
            )));
        }
        Ok(proposal)
    }

    fn decide(&mut self, p: &Proposal, state: ProposalState) -> Result<Proposal> {
        let now = self.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let me = self.me().membership(&p.project_id)?.and_then(|m| m.person_id);
        self.write(|w| {
            w.set(&p.project_id, Entity::Proposal, &p.id, "state", state_word(state))?;
            w.set(&p.project_id, Entity::Proposal, &p.id, "decided_at", &now)?;
            if let Some(me) = &me {
                w.set(&p.project_id, Entity::Proposal, &p.id, "decided_by", me)?;
            }
            Ok(())
        })?;
        self.proposals().get(&p.id)
    }

    /// A stored suggestion as people see it; `None` for one this build cannot read (a newer
    /// app's kind), which stays in the log.
    fn shown(&self, r: Raw) -> Result<Option<Proposal>> {
        let Some(suggestion) = r.changes.as_deref().and_then(|c| serde_json::from_str::<Suggestion>(c).ok())
        else {
            return Ok(None);
        };
        let Some(by_side) = r.by_side.as_deref().and_then(|s| Side::parse("side", s).ok()) else {
            return Ok(None);
        };
        let p = self.projects().get(&r.project_id)?;
        let state = match r.state.as_deref() {
            Some("accepted") => ProposalState::Accepted,
            Some("declined") => ProposalState::Declined,
            _ => ProposalState::Open,
        };
        let name = |id: &str| {
            self.people().get(id).map(|x| x.name).unwrap_or_else(|_| "someone no longer here".into())
        };
        let to = by_side.other();
        let summary = describe(&suggestion, p.company(to), &name);
        Ok(Some(Proposal {
            id: r.id,
            project_id: r.project_id,
            summary,
            by_side,
            by_company: p.company(by_side).to_string(),
            to_company: p.company(to).to_string(),
            by_person: r.by_person.as_deref().map(name),
            note: r.note,
            mine_to_decide: state == ProposalState::Open && p.my_side == Some(to),
            state,
            created_at: r.created_at.unwrap_or_default(),
            decided_at: r.decided_at,
            suggestion,
        }))
    }
}

impl<W: Deref<Target = Workspace>> ProposalsRoom<W> {
    pub fn get(&self, id: &str) -> Result<Proposal> {
        let id = ids::resolve(self.ws.conn(), Entity::Proposal, "suggestion", id)?;
        let row = self
            .ws
            .conn()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM proposals WHERE id = ?1"))?
            .query_row([&id], raw)?;
        self.ws.shown(row)?.ok_or(Error::NotFound { what: "suggestion", id })
    }

    /// The project's suggestions, open ones first, newest first.
    pub fn list(&self, project: &str) -> Result<Vec<Proposal>> {
        let project = self.ws.project_exists(project)?;
        let mut stmt = self.ws.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM proposals WHERE project_id = ?1 AND deleted = 0
             ORDER BY state <> 'open', created_at DESC, id"
        ))?;
        let raws = stmt.query_map([&project], raw)?.collect::<rusqlite::Result<Vec<_>>>()?;
        let mut out = Vec::new();
        for r in raws {
            out.extend(self.ws.shown(r)?);
        }
        Ok(out)
    }
}

impl ProposalsRoom<&mut Workspace> {
    /// Suggests a change of the other company's facts to it. Refused when this device's company
    /// owns the fact (it changes it itself), or the suggestion names what does not exist.
    pub fn propose(&mut self, project: &str, suggestion: Suggestion, note: Option<&str>) -> Result<Proposal> {
        let p = self.ws.projects().get(project)?;
        let mine = p.my_side.ok_or_else(|| {
            Error::validation("company", "say which company this device is with in this project first")
        })?;
        let owner = self.ws.owner_of(&p, &suggestion)?;
        if owner == mine {
            return Err(Error::validation(
                "suggestion",
                format!("is {}'s own to change: change it yourself", p.company(mine)),
            ));
        }
        let note = match note.map(str::trim) {
            None | Some("") => None,
            Some(n) => Some(validate::text("note", n)?),
        };
        let changes = serde_json::to_string(&suggestion).map_err(|e| Error::Internal(e.to_string()))?;
        let id = ids::new_id();
        let now = self.ws.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let me = self.ws.me().membership(&p.id)?.and_then(|m| m.person_id);
        let (entity, row) = target(&p.id, &suggestion);
        self.ws.write(|w| {
            w.set(&p.id, Entity::Proposal, &id, "entity", entity)?;
            w.set(&p.id, Entity::Proposal, &id, "row_id", &row)?;
            w.set(&p.id, Entity::Proposal, &id, "changes", &changes)?;
            w.set(&p.id, Entity::Proposal, &id, "by_side", mine.as_str())?;
            if let Some(me) = &me {
                w.set(&p.id, Entity::Proposal, &id, "by_person", me)?;
            }
            if let Some(n) = &note {
                w.set(&p.id, Entity::Proposal, &id, "note", n)?;
            }
            w.set(&p.id, Entity::Proposal, &id, "state", "open")?;
            w.set(&p.id, Entity::Proposal, &id, "created_at", &now)
        })?;
        self.get(&id)
    }

    /// Accepts the other company's suggestion: its change is made as this device's own edit,
    /// with every check it would have if typed here.
    pub fn accept(&mut self, id: &str) -> Result<Proposal> {
        let proposal = self.ws.decidable(id)?;
        match proposal.suggestion.clone() {
            Suggestion::NewPerson { person } => drop(self.ws.people_mut().add(&proposal.project_id, person)?),
            Suggestion::EditPerson { person, patch } => drop(self.ws.people_mut().update(&person, patch)?),
            Suggestion::RemovePerson { person } => self.ws.people_mut().remove(&person)?,
            Suggestion::Role { side, role, person } => {
                drop(self.ws.people_mut().set_role(&proposal.project_id, side, role, &person)?)
            }
            Suggestion::Raci { workstream, side, letter, person } => {
                drop(self.ws.raci_mut().set_cell(&proposal.project_id, &workstream, side, letter, &person)?)
            }
        }
        self.ws.decide(&proposal, ProposalState::Accepted)
    }

    /// Declines the other company's suggestion; it sees that.
    pub fn decline(&mut self, id: &str) -> Result<Proposal> {
        let proposal = self.ws.decidable(id)?;
        self.ws.decide(&proposal, ProposalState::Declined)
    }
}

/// The row a suggestion is about, for the history: (entity, row id).
fn target(project: &str, s: &Suggestion) -> (&'static str, String) {
    match s {
        Suggestion::NewPerson { .. } => ("person", String::new()),
        Suggestion::EditPerson { person, .. } | Suggestion::RemovePerson { person } => {
            ("person", person.clone())
        }
        Suggestion::Role { .. } => ("project", project.to_string()),
        Suggestion::Raci { .. } => ("raci_cell", String::new()),
    }
}

/// A suggestion in words, for the company it goes to.
fn describe(s: &Suggestion, company: &str, name: &dyn Fn(&str) -> String) -> String {
    match s {
        Suggestion::NewPerson { person } => {
            let email = person.email.as_deref().map(|e| format!(" ({e})")).unwrap_or_default();
            format!("Add {}{email} to {company}'s people", person.name.trim())
        }
        Suggestion::EditPerson { person, patch } => {
            let mut parts = Vec::new();
            if let Some(n) = &patch.name {
                parts.push(format!("name to {}", n.trim()));
            }
            if let Some(e) = &patch.email {
                parts.push(if e.trim().is_empty() {
                    "email to none".into()
                } else {
                    format!("email to {}", e.trim())
                });
            }
            if let Some(t) = &patch.title {
                parts.push(if t.trim().is_empty() {
                    "title to none".into()
                } else {
                    format!("title to {}", t.trim())
                });
            }
            format!("Change {}'s {}", name(person), parts.join(", "))
        }
        Suggestion::RemovePerson { person } => format!("Remove {} from {company}'s people", name(person)),
        Suggestion::Role { role, person, .. } => {
            let role = if *role == Role::Owner { "owner" } else { "escalation contact" };
            format!("Make {} {company}'s {role}", name(person))
        }
        Suggestion::Raci { workstream, letter, person, .. } => {
            format!("Give {company} {} on {}, with {}", letter.as_str(), workstream.trim(), name(person))
        }
    }
}

fn state_word(s: ProposalState) -> &'static str {
    match s {
        ProposalState::Open => "open",
        ProposalState::Accepted => "accepted",
        ProposalState::Declined => "declined",
    }
}

struct Raw {
    id: String,
    project_id: String,
    changes: Option<String>,
    by_side: Option<String>,
    by_person: Option<String>,
    note: Option<String>,
    state: Option<String>,
    created_at: Option<String>,
    decided_at: Option<String>,
}

fn raw(r: &Row<'_>) -> rusqlite::Result<Raw> {
    Ok(Raw {
        id: r.get(0)?,
        project_id: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        changes: r.get(2)?,
        by_side: r.get(3)?,
        by_person: r.get(4)?,
        note: r.get(5)?,
        state: r.get(6)?,
        created_at: r.get(7)?,
        decided_at: r.get(8)?,
    })
}
