//! The two-company RACI: workstreams as rows, one cell per side with a letter and a named
//! person of that side. The validation rules live in `seamline_core::raci`.

use std::ops::Deref;

use rusqlite::{params, OptionalExtension};
use seamline_core::raci::{self, Cell, Row};
use seamline_core::sides::possessive;
use seamline_core::{validate, Archetype, RaciLetter, Side};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids;
use crate::schema::Entity;
use crate::workspace::{RaciRoom, Workspace, Writer};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RaciCell {
    pub letter: RaciLetter,
    /// The person's id, when one is named.
    pub person: Option<String>,
    pub person_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Workstream {
    pub id: String,
    pub workstream: String,
    pub ours: Option<RaciCell>,
    pub partner: Option<RaciCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RaciProblem {
    pub workstream_id: String,
    pub workstream: String,
    pub side: Option<Side>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RaciCheck {
    pub ok: bool,
    /// "Workstream: what is wrong", as the command prints them.
    pub problems: Vec<String>,
    pub details: Vec<RaciProblem>,
}

/// Writes the default workstreams of a new project (the playbook's five plus the archetype's
/// own), with no cells: naming the people is the lead's job, and the check says what is missing.
pub(crate) fn write_defaults(w: &mut Writer<'_>, project: &str, archetype: Archetype) -> Result<()> {
    let names = raci::DEFAULT_TABLE
        .iter()
        .map(|(n, _, _)| *n)
        .chain(raci::archetype_workstream(archetype).map(|(n, _, _)| n));
    for (i, name) in names.enumerate() {
        let id = ids::new_id();
        w.set(project, Entity::Workstream, &id, "name", name)?;
        w.set(project, Entity::Workstream, &id, "position", (i + 1) as f64)?;
    }
    Ok(())
}

impl Workspace {
    /// Finds a workstream of the project by id (or prefix) or by name.
    fn workstream_id(&self, project: &str, workstream: &str) -> Result<Option<String>> {
        let by_name: Option<String> = self
            .conn()
            .query_row(
                "SELECT id FROM workstreams WHERE project_id = ?1 AND deleted = 0 AND lower(name) = lower(?2)",
                params![project, workstream.trim()],
                |r| r.get(0),
            )
            .optional()?;
        if by_name.is_some() {
            return Ok(by_name);
        }
        match ids::resolve(self.conn(), Entity::Workstream, "workstream", workstream) {
            Ok(id) => Ok(Some(id)),
            Err(_) => Ok(None),
        }
    }
}

impl<W: Deref<Target = Workspace>> RaciRoom<W> {
    pub fn get(&self, project: &str) -> Result<Vec<Workstream>> {
        let project = self.ws.project_exists(project)?;
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT w.id, coalesce(w.name, ''),
                    o.letter, o.person_id, coalesce(op.name, ''),
                    p.letter, p.person_id, coalesce(pp.name, '')
             FROM workstreams w
             LEFT JOIN raci_cells o ON o.workstream_id = w.id AND o.side = 'ours' AND o.deleted = 0
             LEFT JOIN people op ON op.id = o.person_id AND op.deleted = 0
             LEFT JOIN raci_cells p ON p.workstream_id = w.id AND p.side = 'partner' AND p.deleted = 0
             LEFT JOIN people pp ON pp.id = p.person_id AND pp.deleted = 0
             WHERE w.project_id = ?1 AND w.deleted = 0
             ORDER BY w.position, w.id",
        )?;
        let rows = stmt
            .query_map([project], |r| {
                let cell = |letter: Option<String>, person: Option<String>, name: String| {
                    let letter = letter.and_then(|l| RaciLetter::parse("letter", &l).ok())?;
                    // A removed person leaves the cell without a name, which the check reports.
                    let person = person.filter(|_| !name.is_empty());
                    Some(RaciCell { letter, person, person_name: name })
                };
                Ok(Workstream {
                    id: r.get(0)?,
                    workstream: r.get(1)?,
                    ours: cell(r.get(2)?, r.get(3)?, r.get(4)?),
                    partner: cell(r.get(5)?, r.get(6)?, r.get(7)?),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    pub fn check(&self, project: &str) -> Result<RaciCheck> {
        let rows = self.get(project)?;
        let core_rows: Vec<Row> = rows
            .iter()
            .map(|w| {
                let cell = |c: &Option<RaciCell>| {
                    c.as_ref().map(|c| Cell { letter: Some(c.letter), has_person: c.person.is_some() })
                };
                Row { name: w.workstream.clone(), ours: cell(&w.ours), partner: cell(&w.partner) }
            })
            .collect();
        let (ours, partner) = self.ws.company_names(project)?;
        let mut problems = raci::check(&core_rows, &ours, &partner);
        if rows.is_empty() {
            problems.push(raci::Problem {
                workstream: "RACI".into(),
                side: None,
                message: "no workstreams yet: add the work both companies must own".into(),
            });
        }
        let details: Vec<RaciProblem> = problems
            .iter()
            .map(|p| RaciProblem {
                workstream_id: rows
                    .iter()
                    .find(|w| w.workstream == p.workstream)
                    .map(|w| w.id.clone())
                    .unwrap_or_default(),
                workstream: p.workstream.clone(),
                side: p.side,
                message: p.message.clone(),
            })
            .collect();
        Ok(RaciCheck {
            ok: problems.is_empty(),
            problems: problems.iter().map(|p| p.to_string()).collect(),
            details,
        })
    }
}

impl RaciRoom<&mut Workspace> {
    pub fn add_workstream(&mut self, project: &str, name: &str) -> Result<Workstream> {
        let project = self.ws.project_exists(project)?;
        let name = validate::name("workstream", name)?;
        if self.ws.workstream_id(&project, &name)?.is_some() {
            return Err(Error::validation(
                "workstream",
                format!("\"{name}\" is already a workstream of this project"),
            ));
        }
        let position: f64 = self.ws.conn().query_row(
            "SELECT coalesce(max(position), 0) + 1 FROM workstreams WHERE project_id = ?1 AND deleted = 0",
            [&project],
            |r| r.get(0),
        )?;
        let id = ids::new_id();
        self.ws.write(|w| {
            w.set(&project, Entity::Workstream, &id, "name", &name)?;
            w.set(&project, Entity::Workstream, &id, "position", position)
        })?;
        self.get(&project)?
            .into_iter()
            .find(|w| w.id == id)
            .ok_or(Error::Internal("workstream vanished".into()))
    }

    pub fn rename_workstream(&mut self, project: &str, workstream: &str, name: &str) -> Result<()> {
        let project = self.ws.project_exists(project)?;
        let id = self.ws.workstream_id(&project, workstream)?.ok_or_else(|| not_found(workstream))?;
        let name = validate::name("workstream", name)?;
        if self.ws.workstream_id(&project, &name)?.is_some_and(|other| other != id) {
            return Err(Error::validation(
                "workstream",
                format!("\"{name}\" is already a workstream of this project"),
            ));
        }
        self.ws.write(|w| w.set(&project, Entity::Workstream, &id, "name", &name))
    }

    /// Moves a workstream to `index` (0 = first) among the project's workstreams.
    pub fn move_workstream(&mut self, project: &str, workstream: &str, index: u32) -> Result<()> {
        let project = self.ws.project_exists(project)?;
        let id = self.ws.workstream_id(&project, workstream)?.ok_or_else(|| not_found(workstream))?;
        let mut order: Vec<String> = self.get(&project)?.into_iter().map(|w| w.id).collect();
        order.retain(|w| *w != id);
        let index = (index as usize).min(order.len());
        order.insert(index, id);
        // Renumbering every row keeps positions small and the result obvious; a reorder
        // racing one on another device still converges (the last writer of each row wins).
        self.ws.write(|w| {
            for (i, ws) in order.iter().enumerate() {
                w.set(&project, Entity::Workstream, ws, "position", (i + 1) as f64)?;
            }
            Ok(())
        })
    }

    pub fn remove_workstream(&mut self, project: &str, workstream: &str) -> Result<()> {
        let project = self.ws.project_exists(project)?;
        let id = self.ws.workstream_id(&project, workstream)?.ok_or_else(|| not_found(workstream))?;
        self.ws.write(|w| {
            w.delete(&project, Entity::Workstream, &id)?;
            for side in [Side::Ours, Side::Partner] {
                let cell = ids::natural_id(Entity::RaciCell, &[&id, side.as_str()]);
                if w.conn()
                    .query_row("SELECT 1 FROM raci_cells WHERE id = ?1", [&cell], |_| Ok(()))
                    .optional()?
                    .is_some()
                {
                    w.delete(&project, Entity::RaciCell, &cell)?;
                }
            }
            Ok(())
        })
    }

    /// Sets one side's cell of a workstream (created if the name is new): a letter and a
    /// person of that side.
    pub fn set_cell(
        &mut self,
        project: &str,
        workstream: &str,
        side: Side,
        letter: RaciLetter,
        person: &str,
    ) -> Result<Workstream> {
        let p = self.ws.projects().get(project)?;
        let who = self.ws.person_on(&p, "person", person)?;
        if who.side != side {
            return Err(Error::validation(
                "person",
                format!(
                    "must be one of {} people; {} is with {}",
                    possessive(p.company(side)),
                    who.name,
                    p.company(who.side)
                ),
            ));
        }
        let id = match self.ws.workstream_id(&p.id, workstream)? {
            Some(id) => id,
            None => self.add_workstream(&p.id, workstream)?.id,
        };
        // One cell per workstream and side, whichever device writes it first.
        let cell = ids::natural_id(Entity::RaciCell, &[&id, side.as_str()]);
        self.ws.write(|w| {
            w.set(&p.id, Entity::RaciCell, &cell, "workstream_id", &id)?;
            w.set(&p.id, Entity::RaciCell, &cell, "side", side.as_str())?;
            w.set(&p.id, Entity::RaciCell, &cell, "letter", letter.as_str())?;
            w.set(&p.id, Entity::RaciCell, &cell, "person_id", &who.id)?;
            w.set(&p.id, Entity::RaciCell, &cell, crate::schema::DELETED, false)
        })?;
        self.get(&p.id)?.into_iter().find(|w| w.id == id).ok_or(Error::Internal("workstream vanished".into()))
    }

    /// Names each side's owner in every cell of that side that has no person yet, with the
    /// playbook's letter for the workstream (R for one it does not know). A starting point
    /// for a new project: the lead then hands workstreams to the right people. Returns how
    /// many cells it filled.
    pub fn fill_with_owners(&mut self, project: &str) -> Result<u32> {
        let p = self.ws.projects().get(project)?;
        let mut owners = Vec::new();
        for side in [Side::Ours, Side::Partner] {
            match p.owner(side) {
                Some(o) => owners.push((side, o.to_string())),
                None => {
                    return Err(Error::validation(
                        "owner",
                        format!("name {} owner first", possessive(p.company(side))),
                    ))
                }
            }
        }
        let defaults: Vec<(&str, RaciLetter, RaciLetter)> =
            raci::DEFAULT_TABLE.iter().copied().chain(raci::archetype_workstream(p.archetype)).collect();
        let rows = self.get(&p.id)?;
        let mut filled = 0;
        self.ws.write(|w| {
            for row in &rows {
                let known = defaults.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(&row.workstream));
                for (side, owner) in &owners {
                    let cell = match side {
                        Side::Ours => &row.ours,
                        Side::Partner => &row.partner,
                    };
                    if cell.as_ref().is_some_and(|c| c.person.is_some()) {
                        continue;
                    }
                    let letter = match (cell, known, side) {
                        (Some(c), _, _) => c.letter,
                        (None, Some((_, o, _)), Side::Ours) => *o,
                        (None, Some((_, _, pt)), Side::Partner) => *pt,
                        (None, None, _) => RaciLetter::R,
                    };
                    let id = ids::natural_id(Entity::RaciCell, &[&row.id, side.as_str()]);
                    w.set(&p.id, Entity::RaciCell, &id, "workstream_id", &row.id)?;
                    w.set(&p.id, Entity::RaciCell, &id, "side", side.as_str())?;
                    w.set(&p.id, Entity::RaciCell, &id, "letter", letter.as_str())?;
                    w.set(&p.id, Entity::RaciCell, &id, "person_id", owner)?;
                    w.set(&p.id, Entity::RaciCell, &id, crate::schema::DELETED, false)?;
                    filled += 1;
                }
            }
            Ok(())
        })?;
        Ok(filled)
    }

    pub fn clear_cell(&mut self, project: &str, workstream: &str, side: Side) -> Result<()> {
        let project = self.ws.project_exists(project)?;
        let id = self.ws.workstream_id(&project, workstream)?.ok_or_else(|| not_found(workstream))?;
        let cell = ids::natural_id(Entity::RaciCell, &[&id, side.as_str()]);
        self.ws.write(|w| w.delete(&project, Entity::RaciCell, &cell))
    }
}

fn not_found(workstream: &str) -> Error {
    Error::NotFound { what: "workstream", id: workstream.to_string() }
}
