//! Letting a device in, below the actions and the sync: the checks and the admission record
//! (the facts sealed for the members, a welcome wrapped to the newcomer's key), the devices an
//! automatic invite lets in at a sync, and a device's own admission found at its sync.

use std::path::Path;

use seamline_core::Side;
use seamline_store::trust::JoinRequest;
use seamline_store::Workspace;

use super::common::{admit_self, now};
use super::records::{keep_own, write_record};
use crate::crypto::{self, DeviceKeys};
use crate::envelope::{self, Kind};
use crate::error::{Error, Result};
use crate::keystore;
use crate::trust::{self, short, Roster};

/// Lets in, without a click, the devices that asked with an invite its maker marked to admit
/// automatically, while it is valid: the same checks and the same admission as **Admit**. A
/// request with a problem (two devices used the code, the invite expired or was used) waits
/// for a person, as does one this device may not answer. Returns the devices let in.
pub(super) fn automatically(ws: &mut Workspace, project: &str) -> Result<Vec<String>> {
    let requests: Vec<JoinRequest> =
        ws.trust().join_requests(project)?.into_iter().filter(|r| r.problem.is_none()).collect();
    let mut admitted = Vec::new();
    if requests.is_empty() {
        return Ok(admitted);
    }
    let p = ws.projects().get(project)?;
    for request in requests {
        // Settled again after each admission: an invite admits one device.
        let roster = trust::settled(ws, &p.id)?;
        if !roster.invites.get(&request.invite_id).is_some_and(|i| i.auto_admit) {
            continue;
        }
        match let_in(ws, &p, &request, &roster) {
            Ok(()) => admitted.push(request.device),
            // Not this device's to answer, or no longer valid: it stays on the Sync screen.
            Err(Error::NotAllowed(_) | Error::BadInvite(_)) => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(admitted)
}

/// Checks that this device may let `request` in now, and writes its admission.
pub(super) fn let_in(
    ws: &mut Workspace,
    p: &seamline_store::Project,
    request: &JoinRequest,
    roster: &Roster,
) -> Result<()> {
    let me = ws.device_id().to_string();
    let mine = roster.members.get(&me).filter(|_| roster.is_current(&me)).cloned().ok_or_else(|| {
        Error::NotAllowed(
            "this device is not admitted to the project's folder, so it cannot admit devices".into(),
        )
    })?;
    let invite = roster.invites.get(&request.invite_id).ok_or_else(|| {
        Error::BadInvite("the invite this device asked with is not among the project's invites".into())
    })?;
    if roster.members.get(&invite.inviter).map(|m| m.side) != Some(mine.side) {
        return Err(Error::NotAllowed(format!(
            "this device asked with an invite of {}: a device of that company lets it in",
            p.company(mine.side.other())
        )));
    }
    if request.side != mine.side && roster.current().any(|m| m.side == request.side) {
        return Err(Error::NotAllowed(format!(
            "{} already has a device in the project: its own devices let its others in",
            p.company(request.side)
        )));
    }
    if roster.withdrawn.contains(&invite.invite_id) {
        return Err(Error::BadInvite("its invite was withdrawn; send a new invite if it is welcome".into()));
    }
    if let Some(m) = roster.used(&invite.invite_id) {
        return Err(Error::BadInvite(format!(
            "its invite was already used by device {}; send a new invite if this one is welcome too",
            short(&m.device)
        )));
    }
    let expired = chrono::DateTime::parse_from_rfc3339(&invite.expires_at).map_or(true, |t| ws.now() > t);
    if expired {
        return Err(Error::BadInvite(format!(
            "its invite expired on {}; send a new invite",
            invite.expires_at.get(..10).unwrap_or(&invite.expires_at)
        )));
    }
    let link = ws.sync().link_of(&p.id)?.ok_or_else(|| Error::NotLinked(p.id.clone()))?;
    let keys = keystore::device_keys(ws, &me)?;
    let bytes = write_admission(
        ws,
        &link.folder,
        &p.id,
        &me,
        &keys,
        roster,
        (&request.device, &request.sign_pk, &request.kex_pk),
        request.side,
        &request.invite_id,
    )?;
    keep_own(ws, &p.id, &me, bytes)?;
    Ok(ws.trust_mut().drop_join_request(&p.id, &request.device)?)
}

/// Writes the admission of `device` (with `sign_pk`, `kex_pk`) to company `side` by `signer`:
/// the facts sealed for the members, and a welcome wrapped to the new device's own key with
/// the project's keys and the removals the signer knows.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_admission(
    ws: &Workspace,
    dir: &Path,
    project: &str,
    signer: &str,
    signer_keys: &DeviceKeys,
    roster: &Roster,
    newcomer: (&str, &[u8; 32], &[u8; 32]),
    side: Side,
    invite_id: &str,
) -> Result<Vec<u8>> {
    let (device, sign_pk, kex_pk) = newcomer;
    let project_keys = ws.trust().project_keys(project)?;
    let key = crypto::current_key(&project_keys).ok_or_else(|| {
        Error::NotAllowed(
            "this device holds no key of the project's folder; join it again with an invite".into(),
        )
    })?;
    let facts = envelope::AdmissionFacts {
        device: device.to_string(),
        sign_pk: crate::hex::encode(sign_pk),
        kex_pk: crate::hex::encode(kex_pk),
        side,
        invite_id: invite_id.to_string(),
        at: now(ws),
    };
    let welcome = envelope::Welcome {
        facts: facts.clone(),
        keys: project_keys.iter().map(|(e, k)| (*e, crate::hex::encode(k))).collect(),
        removals: roster.removal_notes(),
    };
    let packed = rmp_serde::to_vec_named(&welcome).expect("a welcome encodes");
    let (eph, sealed) =
        crypto::wrap(kex_pk, &trust::welcome_aad(project, device), &packed).ok_or_else(|| {
            Error::BadInvite(format!(
                "device {} asked with a key nothing can be sealed to; refuse it",
                short(device)
            ))
        })?;
    let record = envelope::Admission {
        invite_id: invite_id.to_string(),
        key_id: crypto::key_id(key),
        facts: crate::hex::encode(&crypto::seal(
            key,
            &trust::admission_aad(project, signer),
            &rmp_serde::to_vec_named(&facts).expect("facts encode"),
        )),
        // Whom it admits is sealed too: the new device finds its welcome by opening it.
        welcome: envelope::Wrapped {
            device: String::new(),
            eph_pk: crate::hex::encode(&eph),
            sealed: crate::hex::encode(&sealed),
        },
    };
    write_record(dir, signer, &format!("admission-{device}"), Kind::Admission, &record, project, signer_keys)
}

/// A workspace that took a new id (a copy, a restore in place) while an id it had before is
/// admitted, and still holds that id's key: the former id admits the new one. Returns whether
/// it did.
pub(crate) fn succeed(ws: &mut Workspace, dir: &Path, project: &str, roster: &Roster) -> Result<bool> {
    let me = ws.device_id().to_string();
    if roster.member(&me).is_some() {
        return Ok(false);
    }
    let former = ws
        .trust()
        .former_device_ids()?
        .into_iter()
        .rev()
        .find(|d| roster.is_current(d) && keystore::has_keys(ws, d));
    let Some(former) = former else { return Ok(false) };
    let side = roster.member(&former).map(|m| m.side).unwrap_or(Side::Ours);
    let former_keys = keystore::device_keys(ws, &former)?;
    let keys = keystore::device_keys(ws, &me)?;
    let invite_id = format!("renewed-{}", short(&former));
    let bytes = write_admission(
        ws,
        dir,
        project,
        &former,
        &former_keys,
        roster,
        (&me, &keys.sign_pk(), &keys.kex_pk()),
        side,
        &invite_id,
    )?;
    keep_own(ws, project, &former, bytes)?;
    let member = admit_self(ws, &keys, side, Some((former, invite_id)));
    ws.trust_mut().admit_member(project, &member)?;
    Ok(true)
}
