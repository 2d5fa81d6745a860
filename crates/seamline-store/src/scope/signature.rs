//! The signed scope: each side signs through one of its own people. A signature covers a hash
//! of the scope's content, so any later change makes it stale until re-signed.

use rusqlite::OptionalExtension;
use seamline_core::Side;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::ids;
use crate::schema::Entity;
use crate::workspace::Workspace;

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

impl Workspace {
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

    pub fn signatures(&self, project: &str) -> Result<Vec<Signature>> {
        let project = self.project_exists(project)?;
        let hash = crate::scope::content(self.conn(), &project)?.hash();
        self.signatures_against(&project, &hash)
    }

    /// Signs the scope as it is now for one side, through one of that side's people. The
    /// signature's id comes from project × side, so signing again (after a change made the
    /// signature stale) replaces it, also when the other device signed too.
    pub fn sign_scope(&mut self, project: &str, side: Side, person: &str) -> Result<Signature> {
        let p = self.project(project)?;
        let person = self.person_on(&p, "person", person)?;
        if person.side != side {
            return Err(Error::validation(
                "person",
                format!(
                    "must be on the {side} side ({}) to sign for it; {} is on the {} side ({})",
                    p.company(side),
                    person.name,
                    person.side,
                    p.company(person.side)
                ),
            ));
        }
        let content = crate::scope::content(self.conn(), &p.id)?;
        if content.criteria.is_empty() {
            return Err(Error::validation(
                "scope",
                "has no acceptance criteria yet; write what done means before signing it",
            ));
        }
        let hash = content.hash();
        let at = self.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let id = ids::natural_id(Entity::Signoff, &[&p.id, side.as_str()]);
        self.write(|w| {
            w.set(&p.id, Entity::Signoff, &id, "side", side.as_str())?;
            w.set(&p.id, Entity::Signoff, &id, "person_id", &person.id)?;
            w.set(&p.id, Entity::Signoff, &id, "signed_at", &at)?;
            w.set(&p.id, Entity::Signoff, &id, "scope_hash", &hash)?;
            // A withdrawn signature is a deleted row; signing again brings it back.
            w.set(&p.id, Entity::Signoff, &id, crate::schema::DELETED, false)
        })?;
        self.signatures(&p.id)?
            .into_iter()
            .find(|s| s.side == side)
            .ok_or(Error::Internal("signature vanished".into()))
    }

    /// Withdraws one side's signature.
    pub fn unsign_scope(&mut self, project: &str, side: Side) -> Result<()> {
        let p = self.project(project)?;
        let id = ids::natural_id(Entity::Signoff, &[&p.id, side.as_str()]);
        let exists = self
            .conn()
            .query_row("SELECT 1 FROM signoffs WHERE id = ?1 AND deleted = 0", [&id], |_| Ok(()))
            .optional()?
            .is_some();
        if !exists {
            return Err(Error::NotFound { what: "signature", id: format!("{} side", side) });
        }
        self.write(|w| w.delete(&p.id, Entity::Signoff, &id))
    }
}
