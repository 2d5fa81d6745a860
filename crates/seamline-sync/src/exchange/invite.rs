//! Admission to an encrypted folder: the device that shares a project becomes the root of its
//! trust; a member writes invites (expiring, withdrawable); a joining device claims one with
//! its code and waits; a member of the inviting company admits it (or refuses it), sealing the
//! project's keys to the new device's own key.

use std::path::Path;

use seamline_core::Side;
use seamline_store::sync::FolderFormat;
use seamline_store::trust::Member;
use seamline_store::Workspace;
use serde::Serialize;

use super::common::{admit_self, now};
use super::records::{keep_own, write_record};
use crate::crypto::{self, DeviceKeys, InviteSecret};
use crate::envelope::{self, Claim, Invite, Kind};
use crate::error::{Error, Result};
use crate::keystore;
use crate::trust::{self, may_invite, short, Roster};

/// How long an invite admits a device, unless said otherwise.
pub const INVITE_DAYS: u32 = 7;

/// A new invite: the code to send over another channel, and what it admits to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Invitation {
    pub code: String,
    /// The company the invited device will be with.
    pub company: String,
    pub invite_id: String,
    /// RFC 3339, judged by the admitting device's clock.
    pub expires_at: String,
    /// The device that uses it is let in without a click.
    pub automatic: bool,
}

/// An invite still waiting to be used, as the Sync screen and `seamline sync invites` list it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PendingInvite {
    pub invite_id: String,
    pub company: String,
    /// Who made it (a user name, or a short device id).
    pub made_by: String,
    pub created_at: String,
    pub expires_at: String,
    /// Past its expiry by this device's clock: it admits no one.
    pub expired: bool,
    /// Made by a device of this device's company: this device may withdraw it.
    pub yours: bool,
    /// The device that uses it is let in without a click while it is valid.
    pub automatic: bool,
}

/// This device shares the project first: it is the root of the folder's trust, and makes the
/// project's first key.
pub(super) fn become_root(ws: &mut Workspace, project: &str) -> Result<()> {
    let me = ws.device_id().to_string();
    let keys = keystore::device_keys(ws, &me)?;
    let side = ws.me().membership(project)?.map(|m| m.side).unwrap_or(Side::Ours);
    let member = admit_self(ws, &keys, side, None);
    ws.trust_mut().admit_member(project, &member)?;
    ws.trust_mut().add_project_key(project, 1, &crypto::new_key())?;
    ws.trust_mut().set_link_format(project, FolderFormat::Sealed)?;
    ws.trust_mut().mark_encrypted(project)?;
    Ok(())
}

/// This device as a current member of the project's encrypted folder, with the settled
/// roster: what inviting, admitting and withdrawing need.
fn as_member(ws: &Workspace, project: &str, what: &str) -> Result<(Roster, Member, std::path::PathBuf)> {
    let link = ws.sync().link_of(project)?.ok_or_else(|| Error::NotLinked(project.to_string()))?;
    if !link.format.is_sealed() {
        return Err(Error::NotAllowed(format!(
            "this project's folder is not encrypted (it was shared before encryption); {what} only in an encrypted folder"
        )));
    }
    let roster = trust::settled(ws, project)?;
    let me = ws.device_id().to_string();
    let mine = roster.members.get(&me).filter(|_| roster.is_current(&me)).cloned().ok_or_else(|| {
        Error::NotAllowed(format!("this device is not admitted to the project's folder, so it cannot {what}"))
    })?;
    Ok((roster, mine, link.folder))
}

/// A new invite for one device of `company`, valid for [`INVITE_DAYS`], admitted by a click.
pub fn invite(ws: &mut Workspace, project: &str, company: &str) -> Result<Invitation> {
    invite_for_days(ws, project, company, INVITE_DAYS, Admission::Click)
}

/// How the device that uses an invite gets in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Admission {
    /// Someone of the inviting company compares its fingerprint and clicks **Admit**.
    #[default]
    Click,
    /// The first device that proves the code is let in at the next sync of any current device
    /// of the inviting company, while the invite is valid; two devices with one code still
    /// wait for a click.
    Automatic,
}

/// Writes a new invite into this device's directory of the project's encrypted folder: it lets
/// one device of `company` ask to join, for `days` days. A device invites devices of its own
/// company; a device of the company that created the project may invite either company's.
pub fn invite_for_days(
    ws: &mut Workspace,
    project: &str,
    company: &str,
    days: u32,
    admission: Admission,
) -> Result<Invitation> {
    if !(1..=90).contains(&days) {
        return Err(Error::BadInvite(format!("expires must be from 1 to 90 days (got {days})")));
    }
    let p = ws.projects().get(project)?;
    let side = seamline_core::sides::side_of_company(company, &p.ours, &p.partner).ok_or_else(|| {
        Error::UnknownCompany {
            got: company.trim().to_string(),
            ours: p.ours.clone(),
            partner: p.partner.clone(),
        }
    })?;
    let (roster, mine, folder) = as_member(ws, &p.id, "invite")?;
    if !may_invite(mine.side, side, roster.root().map(|r| r.side)) {
        return Err(Error::NotAllowed(format!(
            "a device of {} cannot invite a device of {company}: ask them to invite their own devices",
            p.company(mine.side)
        )));
    }
    // The creating company invites only the partner's first device; then the partner's own
    // devices invite its others.
    if side != mine.side && roster.current().any(|m| m.side == side) {
        return Err(Error::NotAllowed(format!(
            "{company} already has a device in the project: {company}'s devices invite {company}'s other devices"
        )));
    }
    let root = roster.root().cloned().ok_or_else(|| {
        Error::NotAllowed(
            "this workspace does not know who shared the project; join it again with an invite".into(),
        )
    })?;
    let secret = InviteSecret::new();
    let created = ws.now();
    let expires_at =
        (created + chrono::Duration::days(days.into())).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let anchor = envelope::Anchor {
        root: trust::member_card(&root),
        members: roster.current().map(trust::member_card).collect(),
        removals: roster.removal_notes(),
        inviter_company: p.company(mine.side).to_string(),
        company: p.company(side).to_string(),
        inviter: mine.device.clone(),
        project_name: p.name.clone(),
    };
    let packed = rmp_serde::to_vec_named(&anchor).expect("an anchor encodes");
    let record = Invite {
        invite_id: secret.id(),
        side,
        claim_pk: crate::hex::encode(&secret.claim_pk(&p.id)),
        created_at: now(ws),
        expires_at: Some(expires_at.clone()),
        auto_admit: admission == Admission::Automatic,
        anchor: Some(crate::hex::encode(&crypto::seal(
            &secret.anchor_key(&p.id),
            &anchor_aad(&p.id, &secret.id()),
            &packed,
        ))),
    };
    let keys = keystore::device_keys(ws, &mine.device)?;
    let bytes = write_record(
        &folder,
        &mine.device,
        &format!("invite-{}", secret.id()),
        Kind::Invite,
        &record,
        &p.id,
        &keys,
    )?;
    keep_own(ws, &p.id, &mine.device, bytes)?;
    Ok(Invitation {
        code: secret.code(),
        company: p.company(side).to_string(),
        invite_id: secret.id(),
        expires_at,
        automatic: admission == Admission::Automatic,
    })
}

pub(crate) fn anchor_aad(project: &str, invite_id: &str) -> Vec<u8> {
    [b"seamline/invite-anchor/3\0".as_slice(), project.as_bytes(), b"\0", invite_id.as_bytes()].concat()
}

/// The project's invites not used, withdrawn or answered yet, newest first.
pub fn invites(ws: &Workspace, project: &str) -> Result<Vec<PendingInvite>> {
    let p = ws.projects().get(project)?;
    let roster = trust::settled(ws, &p.id)?;
    let now = ws.now();
    let my_side = roster.members.get(ws.device_id()).map(|m| m.side);
    let mut out: Vec<PendingInvite> = roster
        .invites
        .values()
        .filter(|i| !roster.withdrawn.contains(&i.invite_id) && roster.used(&i.invite_id).is_none())
        .map(|i| PendingInvite {
            invite_id: i.invite_id.clone(),
            company: p.company(i.side).to_string(),
            made_by: device_name(ws, &i.inviter),
            created_at: i.created_at.clone(),
            expires_at: i.expires_at.clone(),
            expired: chrono::DateTime::parse_from_rfc3339(&i.expires_at).map_or(true, |t| now > t),
            yours: roster.members.get(&i.inviter).map(|m| m.side) == my_side,
            automatic: i.auto_admit,
        })
        .collect();
    out.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    Ok(out)
}

/// A device as people call it: its user's name, else its short id.
pub(crate) fn device_name(ws: &Workspace, device: &str) -> String {
    ws.sync()
        .device_said(device)
        .ok()
        .flatten()
        .map(|s| s.0)
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| format!("device {}", short(device)))
}

/// Withdraws an invite of this device's company: no device is admitted with it any more, on
/// any device of the company.
pub fn withdraw(ws: &mut Workspace, project: &str, invite_id: &str) -> Result<()> {
    let p = ws.projects().get(project)?;
    let (roster, mine, folder) = as_member(ws, &p.id, "withdraw invites")?;
    let wanted = invite_id.trim().to_ascii_lowercase();
    let found: Vec<_> =
        roster.invites.values().filter(|i| i.invite_id.starts_with(&wanted) && wanted.len() >= 8).collect();
    let invite = match found.as_slice() {
        [one] => *one,
        [] => {
            return Err(Error::BadInvite(format!(
                "invite must be one of the project's invites (see `seamline sync invites`); got '{}'",
                invite_id.chars().take(40).collect::<String>()
            )))
        }
        _ => {
            return Err(Error::BadInvite(format!(
                "invite '{invite_id}' names more than one invite; give more of its id"
            )))
        }
    };
    if roster.members.get(&invite.inviter).map(|m| m.side) != Some(mine.side) {
        return Err(Error::NotAllowed("an invite is withdrawn by the company that made it".into()));
    }
    let keys = keystore::device_keys(ws, &mine.device)?;
    let record = envelope::Withdrawal { invite_id: invite.invite_id.clone(), at: now(ws) };
    let bytes = write_record(
        &folder,
        &mine.device,
        &format!("withdrawal-{}", invite.invite_id),
        Kind::Withdrawal,
        &record,
        &p.id,
        &keys,
    )?;
    keep_own(ws, &p.id, &mine.device, bytes)
}

/// What an invite found in a folder gives a device that holds its code.
pub(crate) struct Opened {
    pub inviter: String,
    pub invite: Invite,
    pub anchor: envelope::Anchor,
}

/// Finds the invite a code is for among the folder's records and opens its anchor. Checks only
/// what the code proves; whether its inviter was admitted is for the roster. Two different
/// anchors that the code opens mean the code reached someone who wrote one: neither is taken.
pub(crate) fn open_invite(
    project: &str,
    records: &[trust::Record],
    secret: &InviteSecret,
) -> Result<Option<Opened>> {
    let id = secret.id();
    let mut found: Vec<Opened> = records
        .iter()
        .filter_map(|r| {
            let (kind, invite) = envelope::peek::<Invite>(&r.bytes).ok()?;
            if kind != Kind::Invite || invite.invite_id != id {
                return None;
            }
            let sealed = crate::hex::bytes(invite.anchor.as_deref()?, envelope::MAX_BYTES as usize)?;
            let plain = crypto::open(&secret.anchor_key(project), &anchor_aad(project, &id), &sealed)?;
            let anchor: envelope::Anchor = rmp_serde::from_slice(&plain).ok()?;
            // Signed by the device the anchor says made it, with the key the anchor gives it.
            let inviter =
                anchor.members.iter().chain(std::iter::once(&anchor.root)).find(|c| c.device == r.device)?;
            envelope::verify(&r.bytes, project, &r.device, &crate::hex::key32(&inviter.sign_pk)?).ok()?;
            (anchor.inviter == r.device).then(|| Opened { inviter: r.device.clone(), invite, anchor })
        })
        .collect();
    found.sort_by(|a, b| a.inviter.cmp(&b.inviter));
    found.dedup_by(|a, b| a.inviter == b.inviter && a.anchor == b.anchor);
    if found.len() > 1 {
        return Err(Error::BadInvite(
            "two different invites in this folder answer this code, so the code reached someone else: ask for a new invite".into(),
        ));
    }
    Ok(found.pop())
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
        sign_pk: crate::hex::encode(&sign_pk),
        kex_pk: crate::hex::encode(&kex_pk),
        invite_sig: crate::hex::encode(&secret.sign_claim(project, &msg)),
        at: at.to_string(),
    };
    write_record(dir, device, &format!("claim-{}", secret.id()), Kind::Claim, &claim, project, keys)?;
    Ok(())
}
