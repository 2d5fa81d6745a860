//! The devices of a shared project as people see them on the Sync screen and in
//! `seamline sync devices`: who, which company, a key fingerprint to compare over a call,
//! who admitted it, when it was last seen, and whether (and by whom) it was removed.

use seamline_store::Workspace;
use serde::Serialize;

use crate::crypto;
use crate::error::Result;
use crate::trust::{short, Roster};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Removed {
    /// Who removed it: the user name of the removing device (or its short id).
    pub by: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DeviceEntry {
    pub id: String,
    /// Its user's name, as the device says (empty until it has said).
    pub name: String,
    /// The company it is with, by name (empty when not known).
    pub company: String,
    /// A short fingerprint of its signing key (encrypted folders), to compare over a call.
    pub fingerprint: Option<String>,
    /// Who admitted it: a user name (or a short id); `None` for the device that shared the
    /// project, and in a plaintext folder.
    pub admitted_by: Option<String>,
    pub last_seen: Option<String>,
    pub removed: Option<Removed>,
    pub this_device: bool,
}

/// Every device of the project: the ones that edited it and the admitted ones.
pub fn devices(ws: &Workspace, project: &str) -> Result<Vec<DeviceEntry>> {
    let p = ws.projects().get(project)?;
    let roster = Roster::from_workspace(ws, &p.id)?;
    let seen = ws.sync().devices(&p.id)?;
    let name_of = |id: &str| {
        seen.iter()
            .find(|d| d.id == id)
            .map(|d| d.user_name.clone())
            .or_else(|| ws.sync().device_said(id).ok().flatten().map(|s| s.0))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| format!("device {}", short(id)))
    };
    let company_of = |side: seamline_core::Side| match side {
        seamline_core::Side::Ours => p.ours.clone(),
        seamline_core::Side::Partner => p.partner.clone(),
    };
    let me = ws.device_id().to_string();
    let mut ids: Vec<String> = seen.iter().map(|d| d.id.clone()).collect();
    for m in roster.members.keys() {
        if !ids.contains(m) {
            ids.push(m.clone());
        }
    }
    let mut out = Vec::new();
    for id in ids {
        let said = seen.iter().find(|d| d.id == id);
        // An admitted device that has not edited yet: what its profile said.
        let profile = match said {
            Some(_) => None,
            None => ws.sync().device_said(&id)?,
        };
        let member = roster.member(&id);
        let side = match member {
            Some(m) => Some(m.side),
            None => ws.me().device_side(&p.id, &id)?,
        };
        out.push(DeviceEntry {
            name: said
                .map(|d| d.user_name.clone())
                .or_else(|| profile.as_ref().map(|p| p.0.clone()))
                .unwrap_or_default(),
            company: side.map(company_of).unwrap_or_default(),
            fingerprint: member.map(|m| crypto::fingerprint(&m.sign_pk)),
            admitted_by: member.and_then(|m| m.admitted_by.as_deref()).map(name_of),
            last_seen: said.and_then(|d| d.last_seen.clone()).or_else(|| profile.and_then(|p| p.2)),
            removed: roster
                .removals
                .get(&id)
                .map(|r| Removed { by: name_of(&r.removed_by), at: r.removed_at.clone() }),
            this_device: id == me,
            id,
        });
    }
    // This device first, then the others still in, then the removed ones.
    out.sort_by_key(|d| (!d.this_device, d.removed.is_some(), d.company.clone(), d.name.clone()));
    Ok(out)
}
