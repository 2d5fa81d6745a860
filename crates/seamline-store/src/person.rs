//! People on either side of the project: the named owners, escalation contacts, RACI names
//! and blocker owners all point at these rows.

use std::ops::Deref;

use rusqlite::{OptionalExtension, Row};
use seamline_core::sides::possessive;
use seamline_core::{validate, Side};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids;
use crate::project::Project;
use crate::schema::Entity;
use crate::workspace::{PeopleRoom, Workspace};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Person {
    pub id: String,
    pub project_id: String,
    pub side: Side,
    pub name: String,
    pub email: Option<String>,
    pub title: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewPerson {
    /// `ours` or `partner`.
    pub side: Side,
    pub name: String,
    pub email: Option<String>,
    pub title: Option<String>,
}

/// A change to a person (`crate::patch`'s convention): absent or `null` leaves a field alone,
/// `""` clears email or title.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PersonPatch {
    pub name: Option<String>,
    pub email: Option<String>,
    pub title: Option<String>,
}

const COLUMNS: &str = "id, project_id, side, name, email, title";

fn read(r: &Row<'_>) -> rusqlite::Result<Person> {
    let side: Option<String> = r.get(2)?;
    Ok(Person {
        id: r.get(0)?,
        project_id: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        side: side.and_then(|s| Side::parse("side", &s).ok()).unwrap_or(Side::Ours),
        name: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
        email: r.get(4)?,
        title: r.get(5)?,
    })
}

impl Workspace {
    /// The person `id` names, who must be on `project`; `field` names the input in messages.
    pub(crate) fn person_on(&self, project: &crate::Project, field: &str, id: &str) -> Result<Person> {
        let person = self.people().get(id).map_err(|e| match e {
            Error::NotFound { .. } => {
                Error::validation(field, format!("must be a person on this project (no person '{id}')"))
            }
            other => other,
        })?;
        if person.project_id != project.id {
            return Err(Error::validation(
                field,
                format!("{} is not on project {}", person.name, project.name),
            ));
        }
        Ok(person)
    }
}

impl<W: Deref<Target = Workspace>> PeopleRoom<W> {
    pub fn get(&self, id: &str) -> Result<Person> {
        let id = ids::resolve(self.ws.conn(), Entity::Person, "person", id)?;
        self.ws
            .conn()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM people WHERE id = ?1"))?
            .query_row([&id], read)
            .optional()?
            .ok_or(Error::NotFound { what: "person", id })
    }

    /// A project's people: our side first, then the partner's, each by name.
    pub fn list(&self, project: &str) -> Result<Vec<Person>> {
        let project = self.ws.project_exists(project)?;
        let mut stmt = self.ws.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM people WHERE project_id = ?1 AND deleted = 0
             ORDER BY side = 'partner', lower(name), id"
        ))?;
        let rows = stmt.query_map([&project], read)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl PeopleRoom<&mut Workspace> {
    pub fn add(&mut self, project: &str, input: NewPerson) -> Result<Person> {
        let project = self.ws.project_exists(project)?;
        let side = input.side;
        let name = validate::name("name", &input.name)?;
        let email = validate::optional_email("email", input.email.as_deref())?;
        let title = validate::optional_name("title", input.title.as_deref())?;
        let id = ids::new_id();
        self.ws.write(|w| {
            w.set(&project, Entity::Person, &id, "side", side.as_str())?;
            w.set(&project, Entity::Person, &id, "name", &name)?;
            if let Some(e) = &email {
                w.set(&project, Entity::Person, &id, "email", e)?;
            }
            if let Some(t) = &title {
                w.set(&project, Entity::Person, &id, "title", t)?;
            }
            Ok(())
        })?;
        self.get(&id)
    }

    pub fn update(&mut self, id: &str, patch: PersonPatch) -> Result<Person> {
        let current = self.get(id)?;
        let mut sets: Vec<(&str, serde_json::Value)> = Vec::new();
        if let Some(v) = &patch.name {
            sets.push(("name", validate::name("name", v)?.into()));
        }
        if let Some(v) = &patch.email {
            sets.push(("email", validate::optional_email("email", Some(v))?.into()));
        }
        if let Some(v) = &patch.title {
            sets.push(("title", validate::optional_name("title", Some(v))?.into()));
        }
        self.ws.write(|w| {
            for (field, value) in sets {
                w.set(&current.project_id, Entity::Person, &current.id, field, value)?;
            }
            Ok(())
        })?;
        self.get(&current.id)
    }

    /// Removes a person. Refused while they hold a side's role: a side must never lose its
    /// owner or escalation contact by accident.
    pub fn remove(&mut self, id: &str) -> Result<()> {
        let person = self.get(id)?;
        // Whose person it is comes before anything else about removing it.
        self.ws.check_ownership(
            &person.project_id,
            "person",
            &person.id,
            crate::schema::DELETED,
            &true.into(),
        )?;
        let project = self.ws.projects().get(&person.project_id)?;
        let side = person.side;
        for (role, holder) in
            [("owner", project.owner(side)), ("escalation contact", project.escalation(side))]
        {
            if holder == Some(person.id.as_str()) {
                return Err(Error::validation(
                    "person",
                    format!(
                        "{} is {} {role}; name someone else as {role} first",
                        person.name,
                        possessive(project.company(side))
                    ),
                ));
            }
        }
        self.ws.write(|w| w.delete(&person.project_id, Entity::Person, &person.id))
    }
}

/// The two roles each side must fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Owner,
    Escalation,
}

impl Role {
    fn field(self, side: Side) -> &'static str {
        match (self, side) {
            (Role::Owner, Side::Ours) => "owner_ours",
            (Role::Owner, Side::Partner) => "owner_partner",
            (Role::Escalation, Side::Ours) => "escalation_ours",
            (Role::Escalation, Side::Partner) => "escalation_partner",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Escalation => "escalation contact",
        }
    }
}

impl PeopleRoom<&mut Workspace> {
    /// Names the owner or the escalation contact of one side. Only a person of that side can
    /// hold its role, and the escalation contact must be someone other than the owner: the
    /// playbook's escalation goes above the owner.
    pub fn set_role(&mut self, project: &str, side: Side, role: Role, person: &str) -> Result<Project> {
        let current = self.ws.projects().get(project)?;
        let field = match (role, side) {
            (Role::Owner, Side::Ours) => "owner_ours",
            (Role::Owner, Side::Partner) => "owner_partner",
            (Role::Escalation, Side::Ours) => "escalation_ours",
            (Role::Escalation, Side::Partner) => "escalation_partner",
        };
        self.ws.check_ownership(&current.id, "project", &current.id, field, &serde_json::Value::Null)?;
        let person = self.get(person)?;
        if person.project_id != current.id {
            return Err(Error::validation(
                "person",
                format!("{} is not on project {}", person.name, current.name),
            ));
        }
        if person.side != side {
            return Err(Error::validation(
                "person",
                format!(
                    "must be one of {} people to be its {}; {} is with {}",
                    possessive(current.company(side)),
                    role.label(),
                    person.name,
                    current.company(person.side)
                ),
            ));
        }
        let other = match role {
            Role::Owner => current.escalation(side),
            Role::Escalation => current.owner(side),
        };
        if other == Some(person.id.as_str()) {
            return Err(Error::validation(
                "person",
                format!(
                    "{} is already {} {}; the escalation contact must be someone above the owner",
                    person.name,
                    possessive(current.company(side)),
                    match role {
                        Role::Owner => Role::Escalation.label(),
                        Role::Escalation => Role::Owner.label(),
                    }
                ),
            ));
        }
        let id = current.id.clone();
        self.ws.write(|w| w.set(&id, Entity::Project, &id, role.field(side), &person.id))?;
        self.ws.projects().get(&id)
    }
}
