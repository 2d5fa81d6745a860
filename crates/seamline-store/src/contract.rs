//! The integration contract as stored: one row of terms per project (id from the project, so
//! two devices writing it merge field by field), the field-mapping table and the auth scopes.
//! The checks and the Markdown live in `seamline_core::contract`.

use std::ops::Deref;

use rusqlite::Row;
use seamline_core::contract::{self, AuthScope, Header, Mapping, Problem, Terms};
use seamline_core::{validate, Direction, Side};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::error::{Error, Result};
use crate::ids;
use crate::schema::Entity;
use crate::workspace::{ContractRoom, Workspace};

/// The contract with its tables and what is still wrong with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Contract {
    pub terms: Terms,
    pub mappings: Vec<Mapping>,
    pub scopes: Vec<AuthScope>,
    pub problems: Vec<Problem>,
}

/// A change to the terms (`crate::patch`'s convention): absent or `null` leaves a field alone,
/// `""` clears it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TermsPatch {
    pub objects: Option<String>,
    /// `""` clears the direction (not agreed yet).
    #[serde(default, with = "crate::patch::blank_clears")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>, optional))]
    pub direction: Option<Option<Direction>>,
    pub latency_target: Option<String>,
    pub retry_window: Option<String>,
    pub alerting: Option<String>,
    pub auth_method: Option<String>,
    pub idempotency_key: Option<String>,
    pub notes: Option<String>,
}

/// A field-mapping row as typed. Blank strings are allowed while the row is being written:
/// the contract's problems say what is missing, in place.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MappingInput {
    pub object: String,
    pub partner_field: String,
    pub partner_type: String,
    pub our_field: String,
    pub our_type: String,
    pub allowed_values: String,
    pub value_map: String,
    pub default_value: String,
    /// ours or partner; blank means not decided yet.
    /// Which side's product holds the truth for this field; none while nobody said.
    pub source_of_truth: Option<Side>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScopeInput {
    pub scope: String,
    pub description: String,
    pub justification: String,
}

/// An optional single-line cell: trimmed, at most a name's length.
fn cell(field: &str, v: &str) -> Result<String> {
    Ok(validate::optional_name(field, Some(v))?.unwrap_or_default())
}

/// An optional multi-line text.
fn prose(field: &str, v: &str) -> Result<String> {
    match v.trim() {
        "" => Ok(String::new()),
        t => Ok(validate::text(field, t)?),
    }
}

impl MappingInput {
    fn fields(&self) -> Result<Vec<(&'static str, Json)>> {
        let sot: Json = self.source_of_truth.map(Side::as_str).into();
        Ok(vec![
            ("object", cell("object", &self.object)?.into()),
            ("partner_field", cell("partner_field", &self.partner_field)?.into()),
            ("partner_type", cell("partner_type", &self.partner_type)?.into()),
            ("our_field", cell("our_field", &self.our_field)?.into()),
            ("our_type", cell("our_type", &self.our_type)?.into()),
            ("allowed_values", prose("allowed_values", &self.allowed_values)?.into()),
            ("value_map", prose("value_map", &self.value_map)?.into()),
            ("default_value", cell("default_value", &self.default_value)?.into()),
            ("source_of_truth", sot),
        ])
    }
}

impl ScopeInput {
    fn fields(&self) -> Result<Vec<(&'static str, Json)>> {
        let scope = validate::name("scope", &self.scope)?;
        if scope.chars().any(char::is_whitespace) {
            return Err(Error::validation(
                "scope",
                "must be one scope name without spaces, e.g. tickets.read",
            ));
        }
        Ok(vec![
            ("scope", scope.into()),
            ("description", prose("description", &self.description)?.into()),
            ("justification", prose("justification", &self.justification)?.into()),
        ])
    }
}

fn text(r: &Row<'_>, i: usize) -> rusqlite::Result<String> {
    Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
}

impl Workspace {
    fn contract_row(&self, entity: Entity, field: &str, id: &str) -> Result<(String, String)> {
        let id = ids::resolve(self.conn(), entity, field, id)?;
        let project: String = self.conn().query_row(
            &format!("SELECT project_id FROM {} WHERE id = ?1", entity.table()),
            [&id],
            |r| r.get(0),
        )?;
        Ok((id, project))
    }

    fn write_row(
        &mut self,
        project: &str,
        entity: Entity,
        id: &str,
        fields: Vec<(&str, Json)>,
    ) -> Result<()> {
        self.write(|w| {
            for (field, value) in fields {
                w.set(project, entity, id, field, value)?;
            }
            Ok(())
        })
    }

    fn new_row_position(&self, entity: Entity, project: &str) -> Result<f64> {
        Ok(self.conn().query_row(
            &format!("SELECT coalesce(max(position), 0) + 1 FROM {} WHERE project_id = ?1", entity.table()),
            [project],
            |r| r.get(0),
        )?)
    }
}

impl<W: Deref<Target = Workspace>> ContractRoom<W> {
    pub fn get(&self, project: &str) -> Result<Contract> {
        let project = self.ws.project_exists(project)?;
        let id = ids::natural_id(Entity::Contract, &[&project]);
        let terms = self
            .ws
            .conn()
            .query_row(
                "SELECT objects, direction, latency_target, retry_window, alerting, auth_method,
                        idempotency_key, notes FROM contracts WHERE id = ?1 AND deleted = 0",
                [&id],
                |r| {
                    let direction = text(r, 1)?;
                    Ok(Terms {
                        objects: text(r, 0)?,
                        direction: Direction::parse("direction", &direction).ok(),
                        latency_target: text(r, 2)?,
                        retry_window: text(r, 3)?,
                        alerting: text(r, 4)?,
                        auth_method: text(r, 5)?,
                        idempotency_key: text(r, 6)?,
                        notes: text(r, 7)?,
                    })
                },
            )
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(Terms::default()),
                e => Err(e),
            })?;
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT id, object, partner_field, partner_type, our_field, our_type, allowed_values,
                    value_map, default_value, source_of_truth
             FROM field_mappings WHERE project_id = ?1 AND deleted = 0 ORDER BY position, id",
        )?;
        let mappings: Vec<Mapping> = stmt
            .query_map([&project], |r| {
                Ok(Mapping {
                    id: r.get(0)?,
                    object: text(r, 1)?,
                    partner_field: text(r, 2)?,
                    partner_type: text(r, 3)?,
                    our_field: text(r, 4)?,
                    our_type: text(r, 5)?,
                    allowed_values: text(r, 6)?,
                    value_map: text(r, 7)?,
                    default_value: text(r, 8)?,
                    source_of_truth: Side::parse("source_of_truth", &text(r, 9)?).ok(),
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT id, scope, description, justification FROM auth_scopes
             WHERE project_id = ?1 AND deleted = 0 ORDER BY position, id",
        )?;
        let scopes: Vec<AuthScope> = stmt
            .query_map([&project], |r| {
                Ok(AuthScope {
                    id: r.get(0)?,
                    scope: text(r, 1)?,
                    description: text(r, 2)?,
                    justification: text(r, 3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let problems = contract::check(&mappings, &scopes);
        Ok(Contract { terms, mappings, scopes, problems })
    }

    /// The contract as Markdown, for the partner.
    pub fn markdown(&self, project: &str) -> Result<String> {
        let p = self.ws.projects().get(project)?;
        let c = self.get(&p.id)?;
        let boundaries: Vec<String> =
            self.ws.scope().boundaries(&p.id)?.into_iter().map(|b| b.text).collect();
        let header = Header { project: &p.name, ours: &p.ours, partner: &p.partner, boundaries: &boundaries };
        Ok(contract::markdown(&header, &c.terms, &c.mappings, &c.scopes))
    }
}

impl ContractRoom<&mut Workspace> {
    pub fn update(&mut self, project: &str, patch: TermsPatch) -> Result<Contract> {
        let project = self.ws.project_exists(project)?;
        let mut sets: Vec<(&str, Json)> = Vec::new();
        let lines = [
            ("objects", &patch.objects),
            ("latency_target", &patch.latency_target),
            ("retry_window", &patch.retry_window),
            ("alerting", &patch.alerting),
            ("auth_method", &patch.auth_method),
            ("idempotency_key", &patch.idempotency_key),
            ("notes", &patch.notes),
        ];
        for (field, value) in lines {
            if let Some(v) = value {
                sets.push((field, prose(field, v)?.into()));
            }
        }
        if let Some(d) = patch.direction {
            sets.push(("direction", d.map(Direction::as_str).into()));
        }
        let id = ids::natural_id(Entity::Contract, &[&project]);
        self.ws.write(|w| {
            for (field, value) in sets {
                w.set(&project, Entity::Contract, &id, field, value)?;
            }
            Ok(())
        })?;
        self.get(&project)
    }

    /// Adds a row to the field-mapping table; returns the contract as it now stands.
    pub fn add_mapping(&mut self, project: &str, input: MappingInput) -> Result<Contract> {
        let project = self.ws.project_exists(project)?;
        let mut fields = input.fields()?;
        fields.push(("position", self.ws.new_row_position(Entity::FieldMapping, &project)?.into()));
        let id = ids::new_id();
        self.ws.write_row(&project, Entity::FieldMapping, &id, fields)?;
        self.get(&project)
    }

    pub fn update_mapping(&mut self, id: &str, input: MappingInput) -> Result<Contract> {
        let (id, project) = self.ws.contract_row(Entity::FieldMapping, "mapping", id)?;
        let fields = input.fields()?;
        self.ws.write_row(&project, Entity::FieldMapping, &id, fields)?;
        self.get(&project)
    }

    pub fn remove_mapping(&mut self, id: &str) -> Result<Contract> {
        let (id, project) = self.ws.contract_row(Entity::FieldMapping, "mapping", id)?;
        self.ws.write(|w| w.delete(&project, Entity::FieldMapping, &id))?;
        self.get(&project)
    }

    pub fn add_auth_scope(&mut self, project: &str, input: ScopeInput) -> Result<Contract> {
        let project = self.ws.project_exists(project)?;
        let mut fields = input.fields()?;
        let exists: bool = self.ws.conn().query_row(
            "SELECT count(*) > 0 FROM auth_scopes WHERE project_id = ?1 AND deleted = 0 AND scope = ?2",
            rusqlite::params![project, fields[0].1.as_str()],
            |r| r.get(0),
        )?;
        if exists {
            return Err(Error::validation("scope", "is already listed; edit it instead"));
        }
        fields.push(("position", self.ws.new_row_position(Entity::AuthScope, &project)?.into()));
        let id = ids::new_id();
        self.ws.write_row(&project, Entity::AuthScope, &id, fields)?;
        self.get(&project)
    }

    pub fn update_auth_scope(&mut self, id: &str, input: ScopeInput) -> Result<Contract> {
        let (id, project) = self.ws.contract_row(Entity::AuthScope, "scope", id)?;
        let fields = input.fields()?;
        self.ws.write_row(&project, Entity::AuthScope, &id, fields)?;
        self.get(&project)
    }

    pub fn remove_auth_scope(&mut self, id: &str) -> Result<Contract> {
        let (id, project) = self.ws.contract_row(Entity::AuthScope, "scope", id)?;
        self.ws.write(|w| w.delete(&project, Entity::AuthScope, &id))?;
        self.get(&project)
    }
}
