//! The signed scope: each side signs through one of its own people. A signature covers a hash
//! of the scope's content, so any later change makes it stale until re-signed.

use std::ops::Deref;

use rusqlite::OptionalExtension;
use seamline_core::sides::possessive;
use seamline_core::{validate, Side};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::ids;
use crate::schema::Entity;
use crate::workspace::{ScopeRoom, Workspace};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Signature {
    pub side: Side,
    pub person_id: Option<String>,
    pub person_name: String,
    pub signed_at: String,
    /// The scope changed after this signature: it asks for a re-sign.
    pub stale: bool,
    /// Set when the other company's signature was recorded here (given by email or on paper),
    /// not made in the app by that company.
    pub recorded: Option<Recorded>,
}

/// How a recorded signature was given, and who recorded it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Recorded {
    pub how: String,
    pub by: String,
}

/// A side's own signature row (written only by that company's devices).
pub(crate) fn signed_row(project: &str, side: Side) -> String {
    ids::natural_id(Entity::Signoff, &[project, side.as_str()])
}

/// A side's recorded signature row (written by the other company, saying how it was given).
pub(crate) fn recorded_row(project: &str, side: Side) -> String {
    ids::natural_id(Entity::Signoff, &[project, side.as_str(), "recorded"])
}

impl Workspace {
    /// The project's signatures, each stale unless it covers `hash` (the scope as it is now).
    /// A side's own signature counts only when a device of that side wrote it (an older app
    /// may have written one for the other side: it is not counted); else its recorded one.
    pub(crate) fn signatures_against(&self, project: &str, hash: &str) -> Result<Vec<Signature>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT s.id, s.side, s.person_id, coalesce(p.name, ''), coalesce(s.signed_at, ''),
                    coalesce(s.scope_hash, ''), s.recorded_how, coalesce(s.recorded_by, ''),
                    (SELECT o.device FROM ops o WHERE o.entity = 'signoff' AND o.row_id = s.id AND o.field = 'signed_at'
                     ORDER BY o.hlc DESC, o.device DESC LIMIT 1)
             FROM signoffs s LEFT JOIN people p ON p.id = s.person_id
             WHERE s.project_id = ?1 AND s.deleted = 0",
        )?;
        type Row = (String, Signature, Option<String>);
        let rows: Vec<Row> = stmt
            .query_map([project], |r| {
                let side: String = r.get(1)?;
                let signed_hash: String = r.get(5)?;
                let how: Option<String> = r.get(6)?;
                let signature = Signature {
                    side: Side::parse("side", &side).unwrap_or(Side::Ours),
                    person_id: r.get(2)?,
                    person_name: r.get(3)?,
                    signed_at: r.get(4)?,
                    stale: signed_hash != hash,
                    recorded: how.map(|how| Recorded { how, by: r.get::<_, String>(7).unwrap_or_default() }),
                };
                Ok((r.get(0)?, signature, r.get(8)?))
            })?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for side in [Side::Ours, Side::Partner] {
            let own = rows.iter().find(|(id, s, writer)| {
                *id == signed_row(project, side)
                    && s.side == side
                    && s.recorded.is_none()
                    && writer.as_deref().is_none_or(|d| {
                        self.me().device_side(project, d).ok().flatten().is_none_or(|w| w == side)
                    })
            });
            let recorded =
                rows.iter().find(|(id, s, _)| *id == recorded_row(project, side) && s.recorded.is_some());
            if let Some((_, s, _)) = own.or(recorded) {
                out.push(Signature { side, ..s.clone() });
            }
        }
        Ok(out)
    }
}

impl<W: Deref<Target = Workspace>> ScopeRoom<W> {
    pub fn signatures(&self, project: &str) -> Result<Vec<Signature>> {
        let project = self.ws.project_exists(project)?;
        let hash = crate::scope::content(self.ws.conn(), &project)?.hash();
        self.ws.signatures_against(&project, &hash)
    }
}

impl ScopeRoom<&mut Workspace> {
    /// Signs the scope as it is now for this device's company, as one of its people (`person`,
    /// or the user when they said who they are). A device signs only for its own company; the
    /// other company's signature, given by email or on paper, is recorded instead
    /// (`recorded`: how it was given). The signature's id comes from project × side, so
    /// signing again (after a change made the signature stale) replaces it.
    pub fn sign(
        &mut self,
        project: &str,
        side: Side,
        person: Option<&str>,
        recorded: Option<&str>,
    ) -> Result<Signature> {
        let p = self.ws.projects().get(project)?;
        let mine = self.ws.me().membership(&p.id)?.ok_or_else(|| {
            Error::validation(
                "side",
                "cannot be signed for until this device says which company it is with in this project (seamline me --project ID --company NAME)",
            )
        })?;
        let recorded = match recorded {
            None if side != mine.side => {
                return Err(Error::validation(
                    "side",
                    format!(
                        "is {} but this device is with {}: a company signs only for itself. Ask {} to sign in Seamline, or record the signature they gave by email or on paper (--recorded \"how it was signed\")",
                        p.company(side),
                        p.company(mine.side),
                        p.company(side)
                    ),
                ))
            }
            None => None,
            Some(_) if side == mine.side => {
                return Err(Error::validation(
                    "recorded",
                    format!("is for the other company's signature; {} signs in the app", p.company(side)),
                ))
            }
            Some(how) => Some(validate::name("recorded", how)?),
        };
        let person = match person.or(if side == mine.side { mine.person_id.as_deref() } else { None }) {
            Some(id) => self.ws.person_on(&p, "person", id)?,
            None => {
                return Err(Error::validation(
                    "person",
                    format!(
                        "must name who signs for {} (or say which of its people you are)",
                        p.company(side)
                    ),
                ))
            }
        };
        if person.side != side {
            return Err(Error::validation(
                "person",
                format!(
                    "must be one of {} people to sign for it; {} is with {}",
                    possessive(p.company(side)),
                    person.name,
                    p.company(person.side)
                ),
            ));
        }
        let content = crate::scope::content(self.ws.conn(), &p.id)?;
        if content.criteria.is_empty() {
            return Err(Error::validation(
                "scope",
                "has no acceptance criteria yet; write what done means before signing it",
            ));
        }
        let hash = content.hash();
        let at = self.ws.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let by = self.ws.me().user_name()?.unwrap_or_else(|| p.company(mine.side).to_string());
        let id = match recorded {
            None => signed_row(&p.id, side),
            Some(_) => recorded_row(&p.id, side),
        };
        self.ws.write(|w| {
            w.set(&p.id, Entity::Signoff, &id, "side", side.as_str())?;
            w.set(&p.id, Entity::Signoff, &id, "person_id", &person.id)?;
            w.set(&p.id, Entity::Signoff, &id, "signed_at", &at)?;
            w.set(&p.id, Entity::Signoff, &id, "scope_hash", &hash)?;
            if let Some(how) = &recorded {
                w.set(&p.id, Entity::Signoff, &id, "recorded_how", how)?;
                w.set(&p.id, Entity::Signoff, &id, "recorded_by", &by)?;
            }
            // A withdrawn signature is a deleted row; signing again brings it back.
            w.set(&p.id, Entity::Signoff, &id, crate::schema::DELETED, false)
        })?;
        self.signatures(&p.id)?
            .into_iter()
            .find(|s| s.side == side)
            .ok_or(Error::Internal("signature vanished".into()))
    }

    /// Withdraws a side's signature: this device's company's own, or the other company's
    /// recorded one.
    pub fn unsign(&mut self, project: &str, side: Side) -> Result<()> {
        let p = self.ws.projects().get(project)?;
        let mine = self.ws.me().membership(&p.id)?.map(|m| m.side);
        let id = if mine == Some(side) { signed_row(&p.id, side) } else { recorded_row(&p.id, side) };
        let exists = self
            .ws
            .conn()
            .query_row("SELECT 1 FROM signoffs WHERE id = ?1 AND deleted = 0", [&id], |_| Ok(()))
            .optional()?
            .is_some();
        if !exists {
            return Err(Error::NotFound { what: "signature", id: p.company(side).to_string() });
        }
        self.ws.write(|w| w.delete(&p.id, Entity::Signoff, &id))
    }
}
