//! `sync`, `conflict` and `history`: sharing through a folder, edits that lost a race, and who changed what.

use std::path::PathBuf;

use clap::Subcommand;
use seamline_store::Workspace;
use seamline_sync::Admission;
use serde_json::json;

use crate::admission::{self, say_waiting, AdmissionCmd};
use crate::error::Result;
use crate::output::{self, or_dash};
use crate::parse::ProjectRef;

#[derive(Subcommand, Debug)]
pub enum SyncCmd {
    /// Make an empty folder (inside Dropbox, OneDrive, Google Drive, iCloud, Syncthing, a
    /// network share…) the project's shared folder, and sync it.
    Link {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_name = "DIR")]
        folder: PathBuf,
    },
    /// Ask to join the project a partner shared in DIR, with the invite code they sent you.
    /// Returns at once: a device of the inviting company lets this device in at its next sync
    /// (compare the fingerprint printed here over a call); `sync run` then brings the project.
    Join {
        #[arg(long, value_name = "DIR")]
        folder: PathBuf,
        /// The company you are with. The invite already says it; given, it must agree (a
        /// folder shared before encryption, which needs no invite, needs it).
        #[arg(long, value_name = "NAME")]
        company: Option<String>,
        /// The invite code (SL-…) you were sent: an encrypted folder admits no device without
        /// one (a folder shared before encryption needs none).
        #[arg(long, value_name = "CODE")]
        invite: Option<String>,
        /// Which of that company's people you are (an id, once the project has arrived).
        #[arg(long)]
        person: Option<String>,
        /// The workspace already has this project: move it to DIR (its sync goes there from
        /// now on). Without it, joining a project this workspace has is refused.
        #[arg(long)]
        relink: bool,
    },
    /// A new invite code: one device of COMPANY may ask to join the project's encrypted
    /// folder with it, until it expires or is withdrawn.
    Invite {
        #[command(flatten)]
        project: ProjectRef,
        /// Your own company (another device of yours), or the partner's.
        #[arg(long, value_name = "NAME")]
        company: String,
        /// How long it stays valid: `7d` (the default), from 1d to 90d.
        #[arg(long, value_name = "DAYS", default_value = "7d", value_parser = parse_days)]
        expires: u32,
        /// Let the device that uses it in without asking, at the next sync of any of your
        /// company's devices, while it is valid (two devices with one code still wait for you).
        #[arg(long)]
        auto_admit: bool,
    },
    /// Who may join: invites, requests, admit, refuse, rejoin (`admission.rs`).
    #[command(flatten)]
    Admission(AdmissionCmd),
    /// The project's devices: company, user, key fingerprint, who admitted them, last seen.
    Devices(ProjectRef),
    /// Remove a device of your company (a lost laptop, someone who left): it cannot read
    /// what follows, and what it writes from now on is ignored.
    Remove {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_name = "ID")]
        device: String,
    },
    /// Encrypt a folder shared before encryption now, without waiting for every device to
    /// update: the devices that have not are left out (they need an invite). Only a device
    /// of the company that created the project can.
    Encrypt(ProjectRef),
    /// The shared folder was moved, renamed or remounted: point the project at its new place
    /// (DIR must carry this very project). Keys, admissions and history are kept.
    Move {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_name = "DIR")]
        folder: PathBuf,
    },
    /// Import the other devices' changes, then export this device's.
    Run(ProjectRef),
    /// The project's folder, last sync and the devices seen.
    Status(ProjectRef),
}

/// `7d` or `7`: days an invite stays valid.
fn parse_days(text: &str) -> std::result::Result<u32, String> {
    let digits = text.trim().trim_end_matches(['d', 'D']);
    match digits.parse::<u32>() {
        Ok(n) if (1..=90).contains(&n) => Ok(n),
        _ => Err(format!("expires must be a number of days from 1d to 90d, like 7d (got '{text}')")),
    }
}

pub fn sync(ws: &mut Workspace, json: bool, cmd: SyncCmd) -> Result {
    let who = seamline_sync::Identity::of(ws);
    let report = match cmd {
        SyncCmd::Link { project, folder } => {
            let id = ws.projects().get(&project.project)?.id;
            let report = seamline_sync::link(ws, &id, &folder, &who)?;
            if !json {
                println!("Linked to {}.", folder.display());
                if let Some(code) = &report.invite {
                    println!("Send this invite code to the other company's lead, by another channel than the folder: {code}");
                }
            }
            report
        }
        SyncCmd::Move { project, folder } => {
            let id = ws.projects().get(&project.project)?.id;
            let report = seamline_sync::move_folder(ws, &id, &folder, &who)?;
            if !json {
                println!("The project now syncs through {}.", folder.display());
            }
            report
        }
        SyncCmd::Join { folder, relink, company, person, invite } => {
            if company.is_none() && invite.is_none() {
                return Err(crate::error::Error::Usage(
                    "--company is needed to join a folder shared before encryption (with an --invite, the invite says the company)".into(),
                ));
            }
            let (project, report) =
                seamline_sync::join(ws, &folder, &who, relink, company.as_deref(), invite.as_deref())?;
            if let (Some(person), None) = (person, &report.waiting) {
                ws.me_mut().set_person(&project, Some(&person))?;
            }
            if json {
                let mut v = serde_json::to_value(&report).expect("a report encodes");
                v["project"] = json!(project);
                if let Some(w) = &report.waiting {
                    v["fingerprint"] = json!(w.fingerprint);
                }
                v["waiting"] = json!(report.waiting.is_some());
                if let Some(w) = &report.waiting {
                    v["waiting_for"] = json!(w);
                }
                output::json(&v);
                return Ok(());
            }
            match (&report.waiting, ws.projects().get(&project)) {
                (Some(w), _) => {
                    println!("Asked to join project {project} as a device of {}.", w.company);
                    say_waiting(w);
                }
                (None, Ok(p)) => println!("Joined \"{}\" ({} ↔ {}): {}", p.name, p.ours, p.partner, p.id),
                (None, Err(_)) => {
                    println!("Joined project {project}; its data has not arrived in the folder yet.")
                }
            }
            report
        }
        SyncCmd::Invite { project, company, expires, auto_admit } => {
            let id = ws.projects().get(&project.project)?.id;
            let admission = if auto_admit { Admission::Automatic } else { Admission::Click };
            let invitation = seamline_sync::invite_for_days(ws, &id, &company, expires, admission)?;
            if json {
                output::json(&invitation);
            } else {
                let how = if invitation.automatic {
                    "Whoever uses it first is let in at the next sync of one of your company's devices, without asking you."
                } else {
                    "Whoever uses it asks to join; you let them in after comparing their fingerprint (`seamline sync requests`)."
                };
                println!(
                    "Invite for one device of {}: {}\nSend it by another channel than the folder. {how} It expires on {}.",
                    invitation.company,
                    invitation.code,
                    invitation.expires_at.get(..10).unwrap_or(&invitation.expires_at)
                );
            }
            return Ok(());
        }
        SyncCmd::Admission(cmd) => match admission::run(ws, json, cmd, &who)? {
            Some(report) => report,
            None => return Ok(()),
        },
        SyncCmd::Devices(r) => {
            let id = ws.projects().get(&r.project)?.id;
            let devices = seamline_sync::devices::devices(ws, &id)?;
            if json {
                output::json(&devices);
            } else {
                output::table(
                    &["device", "user", "company", "fingerprint", "admitted by", "last seen", "removed"],
                    devices
                        .into_iter()
                        .map(|d| {
                            let id = if d.this_device { format!("{} (this device)", d.id) } else { d.id };
                            vec![
                                id,
                                d.name,
                                d.company,
                                or_dash(d.fingerprint),
                                or_dash(d.admitted_by),
                                or_dash(d.last_seen),
                                or_dash(d.removed.map(|r| format!("by {} on {}", r.by, r.at))),
                            ]
                        })
                        .collect(),
                );
            }
            return Ok(());
        }
        SyncCmd::Remove { project, device } => {
            let id = ws.projects().get(&project.project)?.id;
            let report = seamline_sync::remove_device(ws, &id, &device, &who)?;
            if !json {
                println!("Removed device {device}: it cannot read what follows, and what it writes from now on is ignored.");
            }
            report
        }
        SyncCmd::Encrypt(r) => {
            let id = ws.projects().get(&r.project)?.id;
            let report = seamline_sync::encrypt_now(ws, &id, &who)?;
            if !json {
                println!("The project's folder is encrypted. Invite any device that was left out.");
            }
            report
        }
        SyncCmd::Run(r) => {
            // A deleted project syncs too (its deletion, or its restore, must travel), and a
            // project this device asked to join has no data yet.
            let id = match ws.projects().get_or_deleted(&r.project) {
                Ok(id) => id,
                Err(e) => {
                    match ws
                        .trust()
                        .pending_joins()?
                        .into_iter()
                        .find(|p| p.project_id.starts_with(r.project.trim()))
                    {
                        Some(p) => p.project_id,
                        None => return Err(e.into()),
                    }
                }
            };
            let report = seamline_sync::sync(ws, &id, &who)?;
            if let (Some(w), false) = (&report.waiting, json) {
                say_waiting(w);
                return Ok(());
            }
            report
        }
        SyncCmd::Status(r) => {
            let p = ws.projects().get(&r.project)?;
            let st = seamline_sync::status(ws, &p.id)?;
            let (link, devices, clock_skews, invalid_values, view_code, encryption) =
                (st.link, st.seen, st.clock_skews, st.invalid_values, st.view_code, st.encryption);
            if json {
                output::json(&json!({
                    "link": link, "devices": devices, "clock_skews": clock_skews, "invalid_values": invalid_values,
                    "view_code": view_code, "encryption": encryption, "members": st.devices,
                    "requests": st.requests, "invites": st.invites,
                }));
            } else {
                match &link {
                    Some(l) => println!(
                        "Shared folder: {}\nLast sync: {}",
                        l.folder.display(),
                        l.last_sync_at.as_deref().unwrap_or("never")
                    ),
                    None => println!("Not linked to a shared folder: only this device has this project."),
                }
                if let Some(code) = &view_code {
                    println!("View code of Project status.html (for people without the app): {code}");
                }
                let names = |ds: &[seamline_sync::NamedDevice]| {
                    ds.iter().map(|d| d.name.as_str()).collect::<Vec<_>>().join(", ")
                };
                if link.is_some() && !encryption.encrypted {
                    println!(
                        "Not encrypted yet (shared before encryption): it will be once every device runs this Seamline.{}",
                        if encryption.waiting_for.is_empty() {
                            String::new()
                        } else {
                            format!(" Waiting for: {}. (`seamline sync encrypt` encrypts now without them.)", names(&encryption.waiting_for))
                        }
                    );
                }
                if !encryption.plaintext_left.is_empty() {
                    println!(
                        "Plaintext files from before encryption remain in the folder, from: {}",
                        encryption
                            .plaintext_left
                            .iter()
                            .map(|d| format!("{} ({} files)", d.name, d.files))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
                output::table(
                    &["device", "user", "app version", "last seen"],
                    devices
                        .into_iter()
                        .map(|d| {
                            let id = if d.this_device { format!("{} (this device)", d.id) } else { d.id };
                            vec![id, d.user_name, d.app_version, or_dash(d.last_seen)]
                        })
                        .collect(),
                );
                for skew in &clock_skews {
                    println!("Clock: {}", skew.message);
                }
                for v in &invalid_values {
                    println!(
                        "Not used: {} of {} {} from {}: {}",
                        v.field,
                        v.entity,
                        if v.row_label.is_empty() { &v.row_id } else { &v.row_label },
                        if v.user_name.is_empty() { "another device" } else { &v.user_name },
                        v.reason
                    );
                }
            }
            return Ok(());
        }
    };
    if json {
        output::json(&report);
    } else {
        println!("Imported {} change(s), exported {}.", report.imported, report.exported);
        for device in &report.admitted {
            println!("Let in device {device}: it used an invite made to admit automatically.");
        }
        if report.requests > 0 {
            println!(
                "{} device(s) ask to join: compare their fingerprints, then `seamline sync admit` (see `seamline sync requests`).",
                report.requests
            );
        }
        for w in &report.warnings {
            println!("Warning: {w}");
        }
        if !report.arriving.is_empty() {
            println!(
                "Waiting for the sync service to bring down {} file(s); they are read once whole.",
                report.arriving.len()
            );
        }
        if report.renewed_device {
            println!("Another install was writing under this device's id; this device now has a new id.");
        }
        if let Some(w) = &report.clock_warning {
            println!("Warning: {w}");
        }
        for s in &report.skipped {
            println!("Skipped {}: {}", s.file, s.reason);
        }
    }
    Ok(())
}
