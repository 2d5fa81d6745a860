//! Answering a device that asked to join: **Admit** (after comparing its fingerprint over a
//! call) writes its admission, with the project's keys sealed to its own key; **Refuse** writes
//! a refusal every device of the company honours. Judged by this device's clock: an invite past
//! its expiry admits no one (the others trust the signed admission, not their own clocks).
//! What letting a device in writes, and the sync's own admissions, are in `admission.rs`.

use seamline_store::trust::JoinRequest;
use seamline_store::Workspace;

use super::admission::let_in;
use super::common::{now, Identity};
use super::pipeline::sync;
use super::records::{keep_own, write_sealed};
use crate::crypto;
use crate::envelope::{self, Kind};
use crate::error::{Error, Result};
use crate::keystore;
use crate::report::SyncReport;
use crate::trust;

/// The request of `device` (its id or a unique prefix of at least 8 characters).
fn find_request(ws: &Workspace, project: &str, device: &str) -> Result<Option<JoinRequest>> {
    let wanted = device.trim().to_ascii_lowercase();
    if wanted.len() < 8 {
        return Err(Error::BadInvite(format!(
            "device must be the id of a device asking to join, or at least its first 8 characters (got '{}')",
            device.chars().take(40).collect::<String>()
        )));
    }
    let found: Vec<JoinRequest> =
        ws.trust().join_requests(project)?.into_iter().filter(|r| r.device.starts_with(&wanted)).collect();
    match found.len() {
        0 | 1 => Ok(found.into_iter().next()),
        _ => Err(Error::BadInvite(format!(
            "device '{device}' names more than one request; give more of its id"
        ))),
    }
}

fn request_or_sync(ws: &mut Workspace, project: &str, device: &str, who: &Identity) -> Result<JoinRequest> {
    if let Some(r) = find_request(ws, project, device)? {
        return Ok(r);
    }
    // A request that reached the folder since this device last synced.
    sync(ws, project, who)?;
    find_request(ws, project, device)?.ok_or_else(|| {
        Error::BadInvite(format!(
            "device must be one of the devices asking to join (see `seamline sync requests`); got '{}'",
            device.chars().take(40).collect::<String>()
        ))
    })
}

/// Lets `device` in: it asked with an invite of this device's company, which is still valid.
pub fn admit(ws: &mut Workspace, project: &str, device: &str, who: &Identity) -> Result<SyncReport> {
    let p = ws.projects().get(project)?;
    let request = request_or_sync(ws, &p.id, device, who)?;
    let roster = trust::settled(ws, &p.id)?;
    let_in(ws, &p, &request, &roster)?;
    sync(ws, &p.id, who)
}

/// Refuses `device`'s request: no device of this company lists it again (its invite stays
/// valid for someone else until used, withdrawn or expired).
pub fn refuse(ws: &mut Workspace, project: &str, device: &str) -> Result<()> {
    let p = ws.projects().get(project)?;
    let request = find_request(ws, &p.id, device)?.ok_or_else(|| {
        Error::BadInvite(format!(
            "device must be one of the devices asking to join (see `seamline sync requests`); got '{}'",
            device.chars().take(40).collect::<String>()
        ))
    })?;
    let me = ws.device_id().to_string();
    let link = ws.sync().link_of(&p.id)?.ok_or_else(|| Error::NotLinked(p.id.clone()))?;
    let project_keys = ws.trust().project_keys(&p.id)?;
    let key = crypto::current_key(&project_keys)
        .ok_or_else(|| Error::NotAllowed("this device holds no key of the project's folder".into()))?;
    let keys = keystore::device_keys(ws, &me)?;
    let record = envelope::Refusal {
        invite_id: request.invite_id.clone(),
        device: request.device.clone(),
        at: now(ws),
    };
    let bytes = write_sealed(
        &link.folder,
        &me,
        &format!("refusal-{}", request.device),
        Kind::Refusal,
        &record,
        &p.id,
        &keys,
        key,
    )?;
    keep_own(ws, &p.id, &me, bytes)?;
    Ok(ws.trust_mut().drop_join_request(&p.id, &request.device)?)
}
