//! Who uses this device: the user's name (what other devices see), and for each project which
//! company the device is with and, optionally, which of that company's people the user is.
//! Also what the other devices of a shared project said about their company (pinned at first
//! sight). None of this is an op: each device says it for itself.

use std::ops::Deref;

use rusqlite::{params, OptionalExtension};
use seamline_core::sides::{possessive, side_of_company, Perspective};
use seamline_core::{validate, Side};
use serde::Serialize;

use crate::db::{meta, set_meta};
use crate::error::{Error, Result};
use crate::workspace::{MeRoom, Workspace};

/// What this device knows of its user in one project.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Membership {
    pub side: Side,
    /// The person of that company the user is, when they said.
    pub person_id: Option<String>,
}

impl<W: Deref<Target = Workspace>> MeRoom<W> {
    /// The user's name on this device, as they gave it (none until they do).
    pub fn user_name(&self) -> Result<Option<String>> {
        meta(self.ws.conn(), "user_name")
    }

    /// Which company this device is with in the project, and who its user is there.
    pub fn membership(&self, project: &str) -> Result<Option<Membership>> {
        Ok(self
            .ws
            .conn()
            .prepare_cached("SELECT side, person_id FROM memberships WHERE project_id = ?1")?
            .query_row([project], |r| {
                let side: String = r.get(0)?;
                Ok((side, r.get::<_, Option<String>>(1)?))
            })
            .optional()?
            .and_then(|(side, person_id)| {
                Side::parse("side", &side).ok().map(|side| Membership { side, person_id })
            }))
    }

    /// The project as this device's user sees it: their company first.
    pub fn perspective(&self, project: &crate::Project) -> Result<Perspective> {
        let m = self.membership(&project.id)?;
        Ok(Perspective::new(
            m.as_ref().map(|m| m.side),
            &project.ours,
            &project.partner,
            m.and_then(|m| m.person_id),
        ))
    }

    /// The company a device is with in a project: this device's own membership, or what
    /// another device said in its device.json.
    pub fn device_side(&self, project: &str, device: &str) -> Result<Option<Side>> {
        if device == self.ws.device_id()
            || crate::device::former_devices(self.ws.conn())?.iter().any(|d| d == device)
        {
            return Ok(self.membership(project)?.map(|m| m.side));
        }
        let side: Option<String> = self
            .ws
            .conn()
            .prepare_cached("SELECT side FROM device_sides WHERE project_id = ?1 AND device = ?2")?
            .query_row(params![project, device], |r| r.get(0))
            .optional()?;
        Ok(side.and_then(|s| Side::parse("side", &s).ok()))
    }
}

impl MeRoom<&mut Workspace> {
    /// Sets the user's name, which other devices see next to this device's edits.
    pub fn set_user_name(&mut self, name: &str) -> Result<String> {
        let name = validate::name("name", name)?;
        set_meta(self.ws.conn(), "user_name", &name)?;
        Ok(name)
    }

    /// Says which company this device is with in the project. A device acts for one company:
    /// once said, it does not change.
    pub fn set_side(&mut self, project: &str, side: Side) -> Result<Membership> {
        let p = self.ws.projects().get(project)?;
        match self.membership(&p.id)? {
            Some(m) if m.side == side => Ok(m),
            Some(m) => Err(Error::validation(
                "company",
                format!(
                    "cannot change: this device is with {} in this project, and a device acts for one company",
                    p.company(m.side)
                ),
            )),
            None => {
                self.ws.conn().execute(
                    "INSERT INTO memberships (project_id, side) VALUES (?1, ?2)",
                    params![p.id, side.as_str()],
                )?;
                // The portfolio counts what waits on this device's side.
                self.ws.portfolio_cache.forget(std::iter::once(p.id.as_str()));
                Ok(Membership { side, person_id: None })
            }
        }
    }

    /// Says which company this device is with, by the company's name (as joining asks).
    pub fn set_company(&mut self, project: &str, company: &str) -> Result<Membership> {
        let p = self.ws.projects().get(project)?;
        let side = side_of_company(company, &p.ours, &p.partner).ok_or_else(|| {
            Error::validation(
                "company",
                format!(
                    "must be one of the project's companies, {} or {} (got '{}')",
                    p.ours,
                    p.partner,
                    company.trim()
                ),
            )
        })?;
        self.set_side(&p.id, side)
    }

    /// Says which person of this device's company the user is in the project (`None` forgets it).
    pub fn set_person(&mut self, project: &str, person: Option<&str>) -> Result<Membership> {
        let p = self.ws.projects().get(project)?;
        let m = self.membership(&p.id)?.ok_or_else(|| {
            Error::validation("company", "say which company this device is with in this project first")
        })?;
        let person = match person {
            None => None,
            Some(id) => {
                let who = self.ws.person_on(&p, "person", id)?;
                if who.side != m.side {
                    return Err(Error::validation(
                        "person",
                        format!(
                            "must be one of {} people (this device is with {}); {} is with {}",
                            possessive(p.company(m.side)),
                            p.company(m.side),
                            who.name,
                            p.company(who.side)
                        ),
                    ));
                }
                Some(who.id)
            }
        };
        self.ws
            .conn()
            .execute("UPDATE memberships SET person_id = ?2 WHERE project_id = ?1", params![p.id, person])?;
        // The portfolio counts what is this user's.
        self.ws.portfolio_cache.forget(std::iter::once(p.id.as_str()));
        Ok(Membership { side: m.side, person_id: person })
    }

    /// Remembers the company another device said it is with. The first word is kept: a device
    /// that later claims the other company is named, and its claim is not taken.
    pub fn note_device_side(&mut self, project: &str, device: &str, side: Side) -> Result<Option<String>> {
        match self.device_side(project, device)? {
            Some(known) if known == side => Ok(None),
            Some(known) => {
                // The companies by name; a project whose row has not arrived yet by role.
                let names: Option<(String, String)> = self
                    .ws
                    .conn()
                    .query_row("SELECT ours, partner FROM projects WHERE id = ?1", [project], |r| {
                        Ok((
                            r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                            r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                        ))
                    })
                    .optional()?;
                let company = |s: Side| match (&names, s) {
                    (Some((ours, _)), Side::Ours) if !ours.is_empty() => ours.clone(),
                    (Some((_, partner)), Side::Partner) if !partner.is_empty() => partner.clone(),
                    (_, Side::Ours) => "the company that created the project".to_string(),
                    (_, Side::Partner) => "the partner company".to_string(),
                };
                Ok(Some(format!(
                    "device {} said it is with {}, after saying {}; the first is kept",
                    device.chars().take(8).collect::<String>(),
                    company(side),
                    company(known)
                )))
            }
            None => {
                self.ws.conn().execute(
                    "INSERT OR IGNORE INTO device_sides (project_id, device, side) VALUES (?1, ?2, ?3)",
                    params![project, device, side.as_str()],
                )?;
                Ok(None)
            }
        }
    }
}
