//! `sync invites|withdraw|requests|admit|refuse|rejoin`: who may join a project's encrypted
//! folder. A code lets a device ask; a device of the inviting company lets it in.

use clap::Subcommand;
use seamline_store::Workspace;
use seamline_sync::{Identity, SyncReport};
use serde_json::json;

use crate::error::Result;
use crate::output::{self, or_dash};
use crate::parse::ProjectRef;

/// The forms of `sync` that say who may join (flattened into `sync`'s own).
#[derive(Subcommand, Debug)]
pub enum AdmissionCmd {
    /// The invites not used yet: for which company, who made them, when they expire.
    Invites(ProjectRef),
    /// Withdraw an invite: no device is let in with it any more.
    Withdraw {
        #[command(flatten)]
        project: ProjectRef,
        /// Its id (`sync invites`), or a unique prefix of at least 8 characters.
        #[arg(long = "invite", value_name = "ID")]
        invite: String,
    },
    /// Devices asking to join with an invite of your company: compare each fingerprint with
    /// the person who asked, then `sync admit` or `sync refuse`.
    Requests(ProjectRef),
    /// Let a device that asked to join in: it receives the project's keys, sealed to its own.
    Admit {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_name = "ID")]
        device: String,
    },
    /// Refuse a device that asked to join: no device of your company lists it again.
    Refuse {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_name = "ID")]
        device: String,
    },
    /// This device lost its key (a reset keychain, a deleted key file): ask to join again as
    /// a new device, with a new invite from your company. Edits not sent yet are kept.
    Rejoin {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_name = "CODE")]
        invite: String,
    },
}

/// Runs one of the admission forms; the sync report to print, when the form makes one.
pub fn run(ws: &mut Workspace, json: bool, cmd: AdmissionCmd, who: &Identity) -> Result<Option<SyncReport>> {
    Ok(match cmd {
        AdmissionCmd::Invites(r) => {
            let id = ws.projects().get(&r.project)?.id;
            let invites = seamline_sync::invites(ws, &id)?;
            if json {
                output::json(&invites);
            } else if invites.is_empty() {
                println!("No invite waits to be used.");
            } else {
                output::table(
                    &["invite", "company", "made by", "made", "expires", "admits"],
                    invites
                        .into_iter()
                        .map(|i| {
                            let expires =
                                if i.expired { format!("{} (expired)", i.expires_at) } else { i.expires_at };
                            let admits = if i.automatic { "automatically" } else { "on a click" };
                            vec![i.invite_id, i.company, i.made_by, i.created_at, expires, admits.into()]
                        })
                        .collect(),
                );
            }
            return Ok(None);
        }
        AdmissionCmd::Withdraw { project, invite } => {
            let id = ws.projects().get(&project.project)?.id;
            seamline_sync::withdraw(ws, &id, &invite)?;
            if json {
                output::json(&json!({ "withdrawn": true }));
            } else {
                println!("Withdrawn: no device is let in with that invite any more.");
            }
            return Ok(None);
        }
        AdmissionCmd::Requests(r) => {
            let id = ws.projects().get(&r.project)?.id;
            let requests = seamline_sync::requests(ws, &id)?;
            if json {
                output::json(&requests);
            } else if requests.is_empty() {
                println!("No device is asking to join.");
            } else {
                output::table(
                    &["device", "company", "fingerprint", "invite by", "asked", "note"],
                    requests
                        .into_iter()
                        .map(|r| {
                            vec![
                                r.device,
                                r.company,
                                r.fingerprint,
                                r.invited_by,
                                r.asked_at,
                                or_dash(r.problem),
                            ]
                        })
                        .collect(),
                );
            }
            return Ok(None);
        }
        AdmissionCmd::Admit { project, device } => {
            let id = ws.projects().get(&project.project)?.id;
            let report = seamline_sync::admit(ws, &id, &device, who)?;
            if !json {
                println!("Let in: the device receives the project at its next sync.");
            }
            Some(report)
        }
        AdmissionCmd::Refuse { project, device } => {
            let id = ws.projects().get(&project.project)?.id;
            seamline_sync::refuse(ws, &id, &device)?;
            if json {
                output::json(&json!({ "refused": true }));
            } else {
                println!("Refused: no device of your company lists it again.");
            }
            return Ok(None);
        }
        AdmissionCmd::Rejoin { project, invite } => {
            let id = ws.projects().get(&project.project)?.id;
            let report = seamline_sync::rejoin(ws, &id, &invite, who)?;
            if !json {
                if let Some(w) = &report.waiting {
                    println!(
                        "This device has a new identity and asked to join again as a device of {}.",
                        w.company
                    );
                    say_waiting(w);
                }
            }
            Some(report)
        }
    })
}

/// What a device that asked to join and waits is told.
pub(crate) fn say_waiting(w: &seamline_sync::Waiting) {
    println!(
        "Waiting for {} to let this device in: it happens the next time one of {}'s apps syncs.\nThis device's fingerprint: {} (read it out to them over a call). Then run `seamline sync run` to bring the project.",
        w.inviter_company, w.inviter_company, w.fingerprint
    );
}
