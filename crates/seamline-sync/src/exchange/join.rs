//! Joining a project a partner shared: reading what the folder holds before anything is
//! written (its descriptor, the two companies), then linking it and importing everything.

use std::fs;
use std::path::Path;

use seamline_store::sync::FolderFormat;
use seamline_store::Workspace;
use serde::Serialize;

use seamline_core::Side;
use seamline_store::trust::Member;

use super::common::{now, Identity, APP_VERSION};
use super::export::export;
use super::invite::{open_invite, write_claim, Opened};
use super::pipeline::sync;
use crate::crypto::InviteSecret;
use crate::envelope;
use crate::error::{Error, Result};
use crate::folder::{self, Descriptor};
use crate::report::SyncReport;
use crate::segment;
use crate::trust;

/// What a shared folder says about its project before joining it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FolderPreview {
    pub project_id: String,
    pub project_name: String,
    /// The two companies (the creator's first), as the project's data in the folder says.
    pub companies: Vec<String>,
    /// This workspace already has the project.
    pub already_here: bool,
    /// The folder is encrypted and no (valid) invite code was given: its name and companies
    /// stay unknown until one is.
    pub needs_invite: bool,
    /// The company the invite admits the device to (encrypted folders).
    pub invited_as: Option<String>,
}

/// Reads what a folder holds (its descriptor, and the companies from the project's ops)
/// without changing anything anywhere, so joining can ask which company the user is with.
/// An encrypted folder shows nothing without a valid invite code.
pub fn preview(ws: &Workspace, folder: &Path, invite: Option<&str>) -> Result<FolderPreview> {
    let d = descriptor_to_join(folder)?;
    let already_here = ws.projects().known_name(&d.project_id)?.is_some();
    if !FolderFormat::of_version(d.format_version).is_sealed() {
        let companies = peek_companies(folder, &d.project_id);
        return Ok(FolderPreview {
            already_here,
            project_name: d.project_name,
            project_id: d.project_id,
            companies: companies.map(|(a, b)| vec![a, b]).unwrap_or_default(),
            needs_invite: false,
            invited_as: None,
        });
    }
    let checked = match invite {
        Some(code) if !code.trim().is_empty() => Some(check_invite(folder, &d.project_id, code)?),
        _ => None,
    };
    let Some(c) = checked else {
        return Ok(FolderPreview {
            already_here,
            project_name: String::new(),
            project_id: d.project_id,
            companies: vec![],
            needs_invite: true,
            invited_as: None,
        });
    };
    let a = &c.opened.anchor;
    let companies = match c.opened.invite.side {
        Side::Ours => vec![a.company.clone(), a.inviter_company.clone()],
        Side::Partner => vec![a.inviter_company.clone(), a.company.clone()],
    };
    Ok(FolderPreview {
        already_here,
        project_name: a.project_name.chars().take(200).collect(),
        project_id: d.project_id,
        invited_as: Some(a.company.clone()),
        companies: if a.company == a.inviter_company { vec![] } else { companies },
        needs_invite: false,
    })
}

/// What a valid invite code gives, checked without writing anything: whom to trust (the
/// anchor's members) and which company it admits to. No key: those come with the admission.
struct Checked {
    secret: InviteSecret,
    opened: Opened,
    anchors: Vec<Member>,
}

/// Checks an invite code against an encrypted folder: the invite is in it, the code opens its
/// anchor, it was signed by the device the anchor names, and no device has used it and no one
/// withdrew it yet.
fn check_invite(folder: &Path, project: &str, code: &str) -> Result<Checked> {
    let secret = InviteSecret::parse(code).ok_or_else(|| {
        // The code is a secret: not repeated in a message that may end up in a log.
        Error::BadInvite(format!(
            "invite code must look like SL-XXXXXX-XXXXXX-XXXXXX-XXXXXX, as it was sent to you (got {} characters)",
            code.trim().chars().count()
        ))
    })?;
    let listing = folder::list(folder)?;
    // Nothing is admitted yet from here: the members' records (one per invite, admission,
    // withdrawal) are read among everyone's, each small.
    let (records, _) = trust::read_records(&listing, |_| false, 512);
    let opened = open_invite(project, &records, &secret)?.ok_or_else(|| {
        Error::BadInvite(
            "no invite in this folder matches this code: check the code and that this is the project's folder, or ask for a new invite".into(),
        )
    })?;
    let bad = || Error::BadInvite("this invite is damaged; ask for a new one".into());
    let root = trust::card_member(&opened.anchor.root).ok_or_else(bad)?;
    let mut anchors = vec![Member { admitted_by: None, ..root }];
    for c in &opened.anchor.members {
        let m = trust::card_member(c).ok_or_else(bad)?;
        if m.device != anchors[0].device {
            anchors.push(Member {
                admitted_by: m.admitted_by.clone().or_else(|| Some(anchors[0].device.clone())),
                ..m
            });
        }
    }
    // Used or withdrawn, as the members' records say (an admission names its invite; a
    // withdrawal is readable).
    let of_member = |device: &str| anchors.iter().find(|m| m.device == device);
    let said = |kind: envelope::Kind| {
        records.iter().filter(move |r| {
            of_member(&r.device)
                .is_some_and(|m| envelope::verify(&r.bytes, project, &r.device, &m.sign_pk) == Ok(kind))
        })
    };
    let id = secret.id();
    if said(envelope::Kind::Admission)
        .any(|r| envelope::peek::<envelope::Admission>(&r.bytes).is_ok_and(|(_, a)| a.invite_id == id))
    {
        return Err(Error::BadInvite(
            "this invite was already used by another device; ask for a new one".into(),
        ));
    }
    if said(envelope::Kind::Withdrawal)
        .any(|r| envelope::peek::<envelope::Withdrawal>(&r.bytes).is_ok_and(|(_, w)| w.invite_id == id))
    {
        return Err(Error::BadInvite(
            "this invite was withdrawn by the company that sent it; ask for a new one".into(),
        ));
    }
    Ok(Checked { secret, opened, anchors })
}

/// The folder's descriptor, when this build may join it.
fn descriptor_to_join(folder: &Path) -> Result<Descriptor> {
    if !folder.is_dir() {
        return Err(Error::BadFolder(format!("{} is not a folder", folder.display())));
    }
    let d = folder::read_descriptor(folder)?.ok_or_else(|| {
        Error::BadFolder("this folder holds no Seamline project (no seamline.json); ask your partner for the project's folder".into())
    })?;
    if d.format_version > folder::FOLDER_FORMAT || newer(&d.min_app_version, APP_VERSION) {
        return Err(Error::BadFolder(format!(
            "this project's folder needs Seamline {} or newer; update Seamline to join it",
            d.min_app_version
        )));
    }
    Ok(d)
}

/// The project's two company names as the ops in a plaintext folder have them (each field's
/// newest op), read from the segments without applying anything; `None` when it holds none.
fn peek_companies(folder: &Path, project_id: &str) -> Option<(String, String)> {
    Some((peek_field(folder, project_id, "ours")?, peek_field(folder, project_id, "partner")?))
}

/// The newest value of one text field of the project in a plaintext folder's segments.
fn peek_field(folder: &Path, project_id: &str, field: &str) -> Option<String> {
    let listing = folder::list(folder).ok()?;
    let mut newest: Option<(i64, String, String)> = None;
    for found in &listing.files {
        let _ = segment::read_file(&found.path, None, |op| {
            if op.entity == "project" && op.row_id == project_id && op.field == field {
                if let Some(name) = op.value.as_str() {
                    if newest.as_ref().is_none_or(|(h, d, _)| (op.hlc, &op.device) > (*h, d)) {
                        newest = Some((op.hlc, op.device.clone(), name.to_string()));
                    }
                }
            }
            Ok::<(), ()>(())
        });
    }
    Some(newest?.2)
}

/// Joins the project a partner shared in `folder`: links it and imports everything in it.
/// Returns the project's id. When this workspace already has the project (linked to another
/// folder, or not shared yet), joining moves it to this folder only with `relink`: without
/// it, it is refused and nothing is written anywhere.
///
/// `company` is the company the user is with (one of the project's two, by name): checked
/// against the folder's project before anything is written. `None` only where the company is
/// already known (relinking a project this device has).
pub fn join(
    ws: &mut Workspace,
    folder: &Path,
    who: &Identity,
    relink: bool,
    company: Option<&str>,
    invite: Option<&str>,
) -> Result<(String, SyncReport)> {
    let d = descriptor_to_join(folder)?;
    // Everything is checked before anything is written, here or in the folder.
    let checked = if FolderFormat::of_version(d.format_version).is_sealed() {
        let code = invite.filter(|c| !c.trim().is_empty()).ok_or_else(|| {
            Error::BadInvite(
                "this project's folder is encrypted: enter the invite code the person who shared it sent you"
                    .into(),
            )
        })?;
        Some(check_invite(folder, &d.project_id, code)?)
    } else {
        None
    };
    // The invite says which company the device joins: a company given too must agree.
    if let Some(company) = company {
        match &checked {
            Some(c) => {
                let a = &c.opened.anchor;
                let (ours, partner) = match c.opened.invite.side {
                    Side::Ours => (a.company.clone(), a.inviter_company.clone()),
                    Side::Partner => (a.inviter_company.clone(), a.company.clone()),
                };
                if seamline_core::sides::side_of_company(company, &ours, &partner).is_none() {
                    return Err(Error::UnknownCompany { got: company.trim().to_string(), ours, partner });
                }
                if !a.company.trim().eq_ignore_ascii_case(company.trim()) && !a.company.is_empty() {
                    return Err(Error::BadInvite(format!(
                        "this invite is for a device of {}, not {}; ask {} for an invite",
                        a.company,
                        company.trim(),
                        company.trim()
                    )));
                }
            }
            None => {
                if let Some((ours, partner)) = peek_companies(folder, &d.project_id) {
                    if seamline_core::sides::side_of_company(company, &ours, &partner).is_none() {
                        return Err(Error::UnknownCompany { got: company.trim().to_string(), ours, partner });
                    }
                }
            }
        }
    }
    let folder = fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    if !relink {
        if let Some(name) = ws.projects().known_name(&d.project_id)? {
            let linked = ws.sync().link_of(&d.project_id)?;
            if linked.as_ref().map(|l| &l.folder) != Some(&folder) {
                return Err(seamline_store::Error::AlreadyLinked {
                    name,
                    linked: match linked {
                        Some(l) => format!(" (shared through {})", l.folder.display()),
                        None => " (not shared yet)".into(),
                    },
                }
                .into());
            }
        }
    }
    ws.sync_mut().link_folder(&d.project_id, folder.clone())?;
    if let Some(c) = &checked {
        ask_to_join(ws, &d.project_id, &folder, c)?;
    }
    let mut report = sync(ws, &d.project_id, who)?;
    let company = match &checked {
        // The invite says which company the device is with.
        Some(c) => Some(c.opened.anchor.company.clone()),
        None => company.map(str::to_string),
    };
    if let Some(company) = company {
        // The project's data has arrived: the device says which company it is with, and an
        // export tells the other devices.
        if ws.projects().get(&d.project_id).is_ok() && ws.me().membership(&d.project_id)?.is_none() {
            ws.me_mut().set_company(&d.project_id, &company)?;
            report.exported += export(ws, &d.project_id, &folder, who)? as u32;
        }
    }
    Ok((d.project_id, report))
}

/// Keeps whom the invite says to trust (the root, the members and removals its inviter knew),
/// writes this device's claim for the inviting company to answer, and remembers that it waits.
fn ask_to_join(ws: &mut Workspace, project: &str, folder: &Path, c: &Checked) -> Result<()> {
    let me = ws.device_id().to_string();
    let keys = crate::keystore::device_keys(ws, &me)?;
    for m in &c.anchors {
        ws.trust_mut().admit_member(project, m)?;
    }
    for n in &c.opened.anchor.removals {
        ws.trust_mut().note_removal(
            project,
            &seamline_store::trust::Removal {
                device: n.device.clone(),
                removed_by: n.removed_by.clone(),
                removed_at: n.at.chars().take(40).collect(),
                cut_hlc: n.cut_hlc,
                kept: n.kept.clone(),
                segments: vec![],
            },
        )?;
    }
    ws.trust_mut().set_link_format(project, FolderFormat::Sealed)?;
    ws.trust_mut().mark_encrypted(project)?;
    let a = &c.opened.anchor;
    let asked_at = now(ws);
    ws.trust_mut().set_pending_join(&seamline_store::trust::PendingJoin {
        project_id: project.to_string(),
        invite_id: c.secret.id(),
        company: a.company.chars().take(200).collect(),
        inviter_company: a.inviter_company.chars().take(200).collect(),
        project_name: a.project_name.chars().filter(|c| !c.is_control()).take(200).collect(),
        asked_at,
    })?;
    write_claim(ws, folder, project, &c.secret, &keys)
}

/// A device whose key is lost (a reset keychain, a deleted key file) asks to join again as a
/// new device, with a new invite from its company: it takes a new id, and the edits it made
/// under the lost key and had not sent are written again as the new id's, so none is lost.
/// Its other encrypted projects need a rejoin each (the lost key was theirs too).
pub fn rejoin(ws: &mut Workspace, project: &str, code: &str, who: &Identity) -> Result<SyncReport> {
    let p = ws.projects().get(project)?;
    let link = ws.sync().link_of(&p.id)?.ok_or_else(|| Error::NotLinked(p.id.clone()))?;
    if !link.format.is_sealed() {
        return Err(Error::NotAllowed("rejoining is for encrypted folders; this one needs no invite".into()));
    }
    let old = ws.device_id().to_string();
    if crate::keystore::has_keys(ws, &old) {
        return Err(Error::NotAllowed(
            "this device still has its key: sync again (a locked keychain needs unlocking), or remove the device from another of your company's devices".into(),
        ));
    }
    // Checked before anything changes: a wrong code leaves the device as it was.
    let checked = check_invite(&link.folder, &p.id, code)?;
    ws.sync_mut().renew_device_id()?;
    ws.handovers_mut().reissue_unexported(&old)?;
    ws.trust_mut().forget_settled(&p.id)?;
    ask_to_join(ws, &p.id, &link.folder, &checked)?;
    sync(ws, &p.id, who)
}

/// Whether version `a` is newer than `b` (dotted numbers; anything unreadable counts as 0).
fn newer(a: &str, b: &str) -> bool {
    let parse = |v: &str| v.split('.').map(|p| p.trim().parse::<u64>().unwrap_or(0)).collect::<Vec<_>>();
    parse(a) > parse(b)
}
