//! Joining a project a partner shared: reading what the folder holds before anything is
//! written (its descriptor, the two companies), then linking it and importing everything.

use std::fs;
use std::path::Path;

use seamline_store::Workspace;
use serde::Serialize;

use seamline_core::Side;
use seamline_store::trust::Member;

use super::invite::{open_invite, write_claim, Opened};
use super::{export, sync, Identity, SyncReport, APP_VERSION};
use crate::crypto::InviteSecret;
use crate::envelope;
use crate::error::{Error, Result};
use crate::folder::{self, Descriptor};
use crate::segment;
use crate::trust::{self, Roster};

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
    let already_here = ws.known_project_name(&d.project_id)?.is_some();
    if d.format_version < 2 {
        let companies = peek_companies(folder, &d.project_id, None);
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
    Ok(FolderPreview {
        already_here,
        project_name: c.project_name.clone().unwrap_or_default(),
        project_id: d.project_id,
        invited_as: c.company(),
        companies: c.companies.map(|(a, b)| vec![a, b]).unwrap_or_default(),
        needs_invite: false,
    })
}

/// What a valid invite code gives, checked without writing anything.
struct Checked {
    secret: InviteSecret,
    opened: Opened,
    roster: Roster,
    companies: Option<(String, String)>,
    project_name: Option<String>,
}

impl Checked {
    /// The name of the company the invite is for, when the folder's data names it.
    fn company(&self) -> Option<String> {
        let (ours, partner) = self.companies.clone()?;
        Some(if self.opened.invite.side == Side::Ours { ours } else { partner })
    }
}

/// Checks an invite code against an encrypted folder: the invite is in it, the code opens
/// it, it was written by an admitted device (traced back to the root its box names), and no
/// device has used it yet.
fn check_invite(folder: &Path, project: &str, code: &str) -> Result<Checked> {
    let secret = InviteSecret::parse(code).ok_or_else(|| {
        // The code is a secret: not repeated in a message that may end up in a log.
        Error::BadInvite(format!(
            "invite code must look like SL-XXXXXX-XXXXXX-XXXXXX-XXXXXX, as it was sent to you (got {} characters)",
            code.trim().chars().count()
        ))
    })?;
    let listing = folder::list(folder)?;
    // Nothing is admitted yet from here: the inviter's records (one per invite it made) are
    // read among everyone's, each small.
    let (records, _) = trust::read_records(&listing, |_| false, 512);
    let mut opened = open_invite(project, &records, &secret).ok_or_else(|| {
        // An invite whose box is gone was claimed: its code opens nothing any more.
        let used = records.iter().any(|r| {
            matches!(envelope::peek::<envelope::Invite>(&r.bytes), Ok((_, i)) if i.invite_id == secret.id() && i.sealed_box.is_none())
        });
        Error::BadInvite(if used {
            "this invite was already used by another device; ask for a new one".into()
        } else {
            "no invite in this folder matches this code: check the code and that this is the project's folder, or ask for a new invite".into()
        })
    })?;
    let b = &opened.contents;
    let bad = || Error::BadInvite("this invite is damaged; ask for a new one".into());
    let root = Member {
        device: b.root_device.clone(),
        sign_pk: envelope::key32(&b.root_sign_pk).ok_or_else(bad)?,
        kex_pk: envelope::key32(&b.root_kex_pk).ok_or_else(bad)?,
        side: b.root_side,
        admitted_by: None,
        invite_id: None,
        admitted_at: None,
    };
    let mut roster = Roster::default();
    roster.members.insert(root.device.clone(), root);
    trust::settle(project, &mut roster, &records);
    let inviter = roster.member(&opened.inviter).ok_or_else(|| {
        Error::BadInvite(
            "this invite was not written by a device admitted to the project; ask for a new invite".into(),
        )
    })?;
    // The invite as its (admitted) inviter signed it: its company is taken from there, never
    // from a copy anyone could have written.
    let signed = records.iter().find_map(|r| {
        if r.device != opened.inviter {
            return None;
        }
        match envelope::open::<envelope::Invite>(&r.bytes, project, &r.device, &inviter.sign_pk) {
            Ok((envelope::Kind::Invite, i)) if i.invite_id == secret.id() => Some(i),
            _ => None,
        }
    });
    if let Some(i) = &signed {
        opened.invite.side = i.side;
    }
    if signed.is_none() || roster.removals.contains_key(&opened.inviter) {
        return Err(Error::BadInvite(
            "this invite was not written by a device admitted to the project; ask for a new invite".into(),
        ));
    }
    if roster.members.values().any(|m| m.invite_id.as_deref() == Some(&secret.id())) {
        return Err(Error::BadInvite(
            "this invite was already used by another device; ask for a new one".into(),
        ));
    }
    let keys: Vec<(u32, [u8; 32])> =
        b.keys.iter().filter_map(|(e, k)| Some((*e, envelope::key32(k)?))).collect();
    let companies = peek_companies(folder, project, Some((&roster, &keys)));
    let project_name = peek_field(folder, project, "name", Some((&roster, &keys)));
    Ok(Checked { secret, opened, roster, companies, project_name })
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

/// An encrypted folder's admitted devices and the project keys, to open its segments.
type Sealed<'a> = Option<(&'a Roster, &'a [(u32, [u8; 32])])>;

/// The project's two company names as the ops in the folder have them (each field's newest
/// op), read from the segments without applying anything; `None` when the folder holds none.
/// `sealed` gives an encrypted folder's admitted devices and keys.
fn peek_companies(folder: &Path, project_id: &str, sealed: Sealed<'_>) -> Option<(String, String)> {
    Some((
        peek_field(folder, project_id, "ours", sealed)?,
        peek_field(folder, project_id, "partner", sealed)?,
    ))
}

/// The newest value of one text field of the project in the folder's segments.
fn peek_field(folder: &Path, project_id: &str, field: &str, sealed: Sealed<'_>) -> Option<String> {
    let listing = folder::list(folder).ok()?;
    let mut newest: Option<(i64, String, String)> = None;
    for found in &listing.files {
        let opener = match sealed {
            Some((roster, keys)) => {
                let Some(m) = roster.member(&found.device) else { continue };
                Some(segment::Opener {
                    project: project_id,
                    device: &found.device,
                    sign_pk: &m.sign_pk,
                    keys,
                })
            }
            None => None,
        };
        let _ = segment::read_file(&found.path, opener.as_ref(), |op| {
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
    let checked = if d.format_version >= 2 {
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
    if let Some(company) = company {
        let companies = match &checked {
            Some(c) => c.companies.clone(),
            None => peek_companies(folder, &d.project_id, None),
        };
        if let Some((ours, partner)) = companies {
            let side = seamline_core::sides::side_of_company(company, &ours, &partner);
            let Some(side) = side else {
                return Err(Error::UnknownCompany { got: company.trim().to_string(), ours, partner });
            };
            if let Some(c) = checked.as_ref().filter(|c| c.opened.invite.side != side) {
                return Err(Error::BadInvite(format!(
                    "this invite is for a device of {}, not {}; ask {} for an invite",
                    c.company().unwrap_or_default(),
                    company.trim(),
                    company.trim()
                )));
            }
        }
    }
    let folder = fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    if !relink {
        if let Some(name) = ws.known_project_name(&d.project_id)? {
            let linked = ws.sync_link(&d.project_id)?;
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
    ws.link_folder(&d.project_id, folder.clone())?;
    if let Some(c) = &checked {
        admit_self(ws, &d.project_id, &folder, c)?;
    }
    let mut report = sync(ws, &d.project_id, who)?;
    let company = match &checked {
        // The invite says which company the device is with.
        Some(c) => c.company().or_else(|| company.map(str::to_string)),
        None => company.map(str::to_string),
    };
    if let Some(company) = company {
        // The project's data has arrived: the device says which company it is with, and an
        // export tells the other devices.
        if ws.project(&d.project_id).is_ok() {
            ws.set_my_company(&d.project_id, &company)?;
            report.exported += export(ws, &d.project_id, &folder, who)? as u32;
        }
    }
    Ok((d.project_id, report))
}

/// Keeps what the invite gave (the root, the devices admitted so far, the project's keys),
/// admits this device under its invite, and writes its claim for the others to check.
fn admit_self(ws: &mut Workspace, project: &str, folder: &Path, c: &Checked) -> Result<()> {
    let me = ws.device_id().to_string();
    let keys = crate::keystore::device_keys(ws, &me)?;
    for m in c.roster.members.values() {
        ws.admit_member(project, m)?;
    }
    for r in c.roster.removals.values() {
        ws.note_removal(project, r)?;
    }
    for (epoch, key) in &c.opened.contents.keys {
        if let Some(key) = envelope::key32(key) {
            ws.add_project_key(project, *epoch, &key)?;
        }
    }
    ws.admit_member(
        project,
        &super::invite::admit_self(
            ws,
            &keys,
            c.opened.invite.side,
            Some((c.opened.inviter.clone(), c.secret.id())),
        ),
    )?;
    ws.set_link_format(project, 2)?;
    write_claim(ws, folder, project, &c.secret, &keys)
}

/// Whether version `a` is newer than `b` (dotted numbers; anything unreadable counts as 0).
fn newer(a: &str, b: &str) -> bool {
    let parse = |v: &str| v.split('.').map(|p| p.trim().parse::<u64>().unwrap_or(0)).collect::<Vec<_>>();
    parse(a) > parse(b)
}
