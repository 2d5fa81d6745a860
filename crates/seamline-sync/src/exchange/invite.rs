//! Admission to an encrypted folder: the device that shares a project becomes the root of its
//! trust; an admitted device writes invites; a joining device claims one with its code.

use std::path::Path;

use seamline_core::Side;
use seamline_store::trust::Member;
use seamline_store::Workspace;
use serde::Serialize;

use super::now;
use crate::crypto::{self, DeviceKeys, InviteSecret};
use crate::envelope::{self, Claim, Invite, InviteBox, Kind};
use crate::error::{Error, Result};
use crate::folder;
use crate::keystore;
use crate::trust::may_invite;

/// A new invite: the code to send over another channel, and what it admits to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Invitation {
    pub code: String,
    /// The company the invited device will be with.
    pub company: String,
    pub invite_id: String,
}

/// This device as an admitted member with its keys: admitted by no one (it shared the
/// project), or by `(inviter, invite id)`.
pub(crate) fn admit_self(
    ws: &Workspace,
    keys: &DeviceKeys,
    side: Side,
    admitted: Option<(String, String)>,
) -> Member {
    let (admitted_by, invite_id) = admitted.unzip();
    Member {
        device: ws.device_id().to_string(),
        sign_pk: keys.sign_pk(),
        kex_pk: keys.kex_pk(),
        side,
        admitted_by,
        invite_id,
        admitted_at: Some(now(ws)),
    }
}

/// This device shares the project first: it is the root of the folder's trust, and makes the
/// project's first key.
pub(super) fn become_root(ws: &mut Workspace, project: &str) -> Result<()> {
    let me = ws.device_id().to_string();
    let keys = keystore::device_keys(ws, &me)?;
    let side = ws.membership(project)?.map(|m| m.side).unwrap_or(Side::Ours);
    ws.admit_member(project, &admit_self(ws, &keys, side, None))?;
    ws.add_project_key(project, 1, &crypto::new_key())?;
    ws.set_link_format(project, 2)?;
    Ok(())
}

/// Writes a new invite into this device's directory of the project's encrypted folder: it
/// admits one device to `company`'s side. A device invites devices of its own company; a
/// device of the company that created the project may invite either company's.
pub fn invite(ws: &mut Workspace, project: &str, company: &str) -> Result<Invitation> {
    let p = ws.project(project)?;
    let link = ws.sync_link(&p.id)?.ok_or_else(|| Error::NotLinked(p.id.clone()))?;
    if link.format != 2 {
        return Err(Error::NotAllowed(
            "this project's folder is not encrypted (it was shared before encryption); invites are for encrypted folders".into(),
        ));
    }
    let side = seamline_core::sides::side_of_company(company, &p.ours, &p.partner).ok_or_else(|| {
        Error::UnknownCompany {
            got: company.trim().to_string(),
            ours: p.ours.clone(),
            partner: p.partner.clone(),
        }
    })?;
    let me = ws.device_id().to_string();
    let members = ws.trust_members(&p.id)?;
    let mine = members.iter().find(|m| m.device == me).ok_or_else(|| {
        Error::NotAllowed(
            "this device is not admitted to the project's folder yet, so it cannot invite".into(),
        )
    })?;
    if !may_invite(mine.side, side, members.iter().find(|m| m.admitted_by.is_none()).map(|m| m.side)) {
        return Err(Error::NotAllowed(format!(
            "a device of {} cannot invite a device of {company}: ask them to invite their own devices",
            if mine.side == Side::Ours { &p.ours } else { &p.partner }
        )));
    }
    let root = members.iter().find(|m| m.admitted_by.is_none()).ok_or_else(|| {
        Error::NotAllowed(
            "this workspace does not know who shared the project; join it again with an invite".into(),
        )
    })?;
    let secret = InviteSecret::new();
    let boxed = InviteBox {
        root_device: root.device.clone(),
        root_sign_pk: envelope::hex(&root.sign_pk),
        root_kex_pk: envelope::hex(&root.kex_pk),
        root_side: root.side,
        keys: ws.project_keys(&p.id)?.iter().map(|(e, k)| (*e, envelope::hex(k))).collect(),
    };
    let packed = rmp_serde::to_vec_named(&boxed).expect("a box encodes");
    let record = Invite {
        invite_id: secret.id(),
        side,
        claim_pk: envelope::hex(&secret.claim_key(&p.id).verifying_key().to_bytes()),
        created_at: now(ws),
        sealed_box: Some(envelope::hex(&crypto::seal(
            &secret.box_key(&p.id),
            &box_aad(&p.id, &secret.id()),
            &packed,
        ))),
    };
    let keys = keystore::device_keys(ws, &me)?;
    write_record(
        &link.folder,
        &me,
        &format!("invite-{}.sl", secret.id()),
        Kind::Invite,
        &record,
        &p.id,
        &keys,
    )?;
    let company = if side == Side::Ours { p.ours } else { p.partner };
    Ok(Invitation { code: secret.code(), company, invite_id: secret.id() })
}

pub(crate) fn box_aad(project: &str, invite_id: &str) -> Vec<u8> {
    [b"seamline/invite-box/2\0".as_slice(), project.as_bytes(), b"\0", invite_id.as_bytes()].concat()
}

/// Signs and writes a record into `device`'s own directory.
pub(crate) fn write_record<T: Serialize>(
    dir: &Path,
    device: &str,
    name: &str,
    kind: Kind,
    record: &T,
    project: &str,
    keys: &DeviceKeys,
) -> Result<()> {
    folder::check_own_dir(dir, device)?;
    let bytes = envelope::seal_record(kind, record, project, device, keys);
    folder::write_atomic(&folder::device_dir(dir, device), name, &bytes)?;
    Ok(())
}

/// What an invite found in a folder gives a device that holds its code.
pub(crate) struct Opened {
    pub inviter: String,
    pub invite: Invite,
    pub contents: InviteBox,
}

/// Finds the invite a code is for among the folder's records and opens its box. Checks only
/// what the code proves; the inviter's admission is checked by the roster.
pub(crate) fn open_invite(
    project: &str,
    records: &[crate::trust::Record],
    secret: &InviteSecret,
) -> Option<Opened> {
    let id = secret.id();
    records.iter().find_map(|r| {
        let (kind, invite) = envelope::peek::<Invite>(&r.bytes).ok()?;
        if kind != Kind::Invite || invite.invite_id != id {
            return None;
        }
        let sealed = envelope::bytes(invite.sealed_box.as_deref()?, envelope::MAX_BYTES as usize)?;
        let plain = crypto::open(&secret.box_key(project), &box_aad(project, &id), &sealed)?;
        let contents: InviteBox = rmp_serde::from_slice(&plain).ok()?;
        Some(Opened { inviter: r.device.clone(), invite, contents })
    })
}

/// This device's claim of an invite: its keys, signed with the code's claim key.
pub(crate) fn write_claim(
    ws: &Workspace,
    dir: &Path,
    project: &str,
    secret: &InviteSecret,
    keys: &DeviceKeys,
) -> Result<()> {
    claim_as(dir, project, ws.device_id(), secret, keys, &now(ws))
}

/// A device's claim of an invite, written into its own directory: its keys, signed with the
/// code's claim key. (Public for the benchmark, which plays many devices.)
pub fn claim_as(
    dir: &Path,
    project: &str,
    device: &str,
    secret: &InviteSecret,
    keys: &DeviceKeys,
    at: &str,
) -> Result<()> {
    let (sign_pk, kex_pk) = (keys.sign_pk(), keys.kex_pk());
    let msg = crypto::claim_message(project, &secret.id(), device, &sign_pk, &kex_pk);
    let claim = Claim {
        invite_id: secret.id(),
        sign_pk: envelope::hex(&sign_pk),
        kex_pk: envelope::hex(&kex_pk),
        invite_sig: envelope::hex(&ed25519_dalek::Signer::sign(&secret.claim_key(project), &msg).to_bytes()),
        at: at.to_string(),
    };
    write_record(dir, device, &format!("claim-{}.sl", secret.id()), Kind::Claim, &claim, project, keys)
}

/// Once a device has claimed one of this device's invites, the invite's box (the project's
/// keys, which its code opens) goes from the folder: a code that leaks later opens nothing.
pub(crate) fn close_used_invites(
    ws: &Workspace,
    dir: &Path,
    project: &str,
    roster: &crate::trust::Roster,
    records: &[crate::trust::Record],
) -> Result<()> {
    let me = ws.device_id().to_string();
    let Some(mine) = roster.member(&me) else { return Ok(()) };
    // Used: an admitted device holds it, or any device claims it (two claims admit neither,
    // and the code has then leaked: its box goes too).
    let claimed: Vec<String> = records
        .iter()
        .filter(|r| r.device != me)
        .filter_map(|r| match envelope::peek::<Claim>(&r.bytes) {
            Ok((Kind::Claim, c)) => Some(c.invite_id),
            _ => None,
        })
        .collect();
    let used: Vec<&str> = roster
        .members
        .values()
        .filter_map(|m| m.invite_id.as_deref())
        .chain(claimed.iter().map(String::as_str))
        .collect();
    let mut keys = None;
    for r in records.iter().filter(|r| r.device == me) {
        let Ok((Kind::Invite, invite)) = envelope::open::<Invite>(&r.bytes, project, &me, &mine.sign_pk)
        else {
            continue;
        };
        if invite.sealed_box.is_some() && used.contains(&invite.invite_id.as_str()) {
            let keys = match &keys {
                Some(k) => k,
                None => keys.insert(keystore::device_keys(ws, &me)?),
            };
            let closed = Invite { sealed_box: None, ..invite };
            let name = format!("invite-{}.sl", closed.invite_id);
            write_record(dir, &me, &name, Kind::Invite, &closed, project, keys)?;
        }
    }
    Ok(())
}

/// A workspace that took a new id (a copy, a restore in place) while an id it had before is
/// admitted, and still holds that id's key: the former id admits the new one, with an invite
/// it writes and the new id claims at once. Returns whether it did.
pub(crate) fn succeed(
    ws: &mut Workspace,
    dir: &Path,
    project: &str,
    roster: &crate::trust::Roster,
) -> Result<bool> {
    let me = ws.device_id().to_string();
    if roster.member(&me).is_some() {
        return Ok(false);
    }
    let former = ws.former_device_ids()?.into_iter().rev().find(|d| {
        roster.member(d).is_some() && !roster.removals.contains_key(d) && keystore::has_keys(ws, d)
    });
    let Some(former) = former else { return Ok(false) };
    let side = roster.member(&former).map(|m| m.side).unwrap_or(Side::Ours);
    let former_keys = keystore::device_keys(ws, &former)?;
    let secret = InviteSecret::new();
    let record = Invite {
        invite_id: secret.id(),
        side,
        claim_pk: envelope::hex(&secret.claim_key(project).verifying_key().to_bytes()),
        created_at: now(ws),
        sealed_box: None,
    };
    write_record(
        dir,
        &former,
        &format!("invite-{}.sl", secret.id()),
        Kind::Invite,
        &record,
        project,
        &former_keys,
    )?;
    let keys = keystore::device_keys(ws, &me)?;
    write_claim(ws, dir, project, &secret, &keys)?;
    ws.admit_member(project, &admit_self(ws, &keys, side, Some((former, secret.id()))))?;
    Ok(true)
}
