//! Removing a device from an encrypted folder (a lost laptop, someone who left): a new
//! project key for what follows, wrapped to every device that stays, and a signed removal
//! that makes every device refuse the removed one's later edits.

use seamline_store::trust::Removal;
use seamline_store::Workspace;

use super::common::{now, Identity};
use super::pipeline::sync;
use super::records::{keep_own, write_sealed};
use crate::crypto;
use crate::envelope::{self, Keys, Kind, Wrapped};
use crate::error::{Error, Result};
use crate::keystore;
use crate::report::SyncReport;
use crate::trust::{short, wrap_to, Roster};

/// Removes `device` from the project: only a device of the same company, never this one.
/// Its edits made until now stay; any it stamps later are refused, and it cannot read what
/// is written after the new key.
pub fn remove_device(ws: &mut Workspace, project: &str, device: &str, who: &Identity) -> Result<SyncReport> {
    let p = ws.projects().get(project)?;
    let link = ws.sync().link_of(&p.id)?.ok_or_else(|| Error::NotLinked(p.id.clone()))?;
    if !link.format.is_sealed() {
        return Err(Error::NotAllowed(
            "this project's folder is not encrypted (it was shared before encryption); devices cannot be removed from it".into(),
        ));
    }
    let me = ws.device_id().to_string();
    let mut roster = Roster::from_workspace(ws, &p.id)?;
    if !roster.members.keys().any(|d| d.starts_with(&device.trim().to_ascii_lowercase())) {
        // A device that joined since this device last synced.
        sync(ws, &p.id, who)?;
        roster = Roster::from_workspace(ws, &p.id)?;
    }
    let device = resolve_device(&roster, device)?;
    let device = device.as_str();
    let mine = roster.member(&me).ok_or_else(|| {
        Error::NotAllowed(
            "this device is not admitted to the project's folder, so it cannot remove devices".into(),
        )
    })?;
    let target = roster.member(device).ok_or_else(|| unknown_device(device))?;
    if device == me {
        return Err(Error::NotAllowed(
            "a device cannot remove itself; remove it from another of your devices".into(),
        ));
    }
    if target.side != mine.side {
        return Err(Error::NotAllowed(
            "a company removes only its own devices; ask the other company to remove theirs".into(),
        ));
    }
    if roster.removals.contains_key(device) {
        return Err(Error::NotAllowed(format!("device {} is already removed", short(device))));
    }
    let keys = keystore::device_keys(ws, &me)?;
    let epoch = ws
        .trust()
        .project_keys(&p.id)?
        .iter()
        .map(|(e, _)| *e)
        .max()
        .unwrap_or(0)
        .checked_add(1)
        .ok_or_else(|| {
            Error::NotAllowed(
                "the project's keys cannot be replaced any more; share it to a new folder".into(),
            )
        })?;
    let key = crypto::new_key();
    let recipients: Vec<Wrapped> = roster
        .current()
        .filter(|m| m.device != device)
        .filter_map(|m| wrap_to(&p.id, epoch, &m.device, &m.kex_pk, &key))
        .collect();
    let kept: Vec<String> = roster
        .members
        .values()
        .filter(|m| m.admitted_by.as_deref() == Some(device))
        .map(|m| m.device.clone())
        .collect();
    let removal = Removal {
        device: device.to_string(),
        removed_by: me.clone(),
        removed_at: now(ws),
        cut_hlc: ws.trust().max_hlc_of(&p.id, device)?,
        kept: kept.clone(),
        segments: ws.trust().imported_segments_of(&p.id, device)?,
    };
    // Both sealed under the key before the new one (every member still holds it): the sync
    // service does not learn who was removed. The key first: a device that reads the removal
    // can already read what follows it.
    let old_keys = ws.trust().project_keys(&p.id)?;
    let old_key = *crypto::current_key(&old_keys)
        .ok_or_else(|| Error::NotAllowed("this device holds no key of the project's folder".into()))?;
    let record = Keys { epoch, recipients, removal: Some(device.to_string()) };
    let bytes = write_sealed(
        &link.folder,
        &me,
        &format!("keys-{epoch}-{device}"),
        Kind::Keys,
        &record,
        &p.id,
        &keys,
        &old_key,
    )?;
    keep_own(ws, &p.id, &me, bytes)?;
    let record = envelope::Removal {
        device: device.to_string(),
        at: removal.removed_at.clone(),
        cut_hlc: removal.cut_hlc,
        kept,
        epoch,
        segments: removal.segments.clone(),
    };
    let bytes = write_sealed(
        &link.folder,
        &me,
        &format!("removal-{device}"),
        Kind::Removal,
        &record,
        &p.id,
        &keys,
        &old_key,
    )?;
    keep_own(ws, &p.id, &me, bytes)?;
    ws.trust_mut().add_project_key(&p.id, epoch, &key)?;
    ws.trust_mut().note_removal(&p.id, &removal)?;
    sync(ws, &p.id, who)
}

/// The device a removal names: its id, or a unique prefix of at least 8 characters.
fn resolve_device(roster: &Roster, device: &str) -> Result<String> {
    let wanted = device.trim().to_ascii_lowercase();
    let found: Vec<&String> =
        roster.members.keys().filter(|d| wanted.len() >= 8 && d.starts_with(&wanted)).collect();
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(unknown_device(device)),
        _ => Err(Error::BadInvite(format!(
            "device '{device}' names more than one device; give more of its id"
        ))),
    }
}

fn unknown_device(device: &str) -> Error {
    Error::BadInvite(format!(
        "device must be one of the project's devices (see `seamline sync devices`); got '{}'",
        device.chars().take(40).collect::<String>()
    ))
}
