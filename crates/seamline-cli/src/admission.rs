//! `sync invites|withdraw|requests|admit|refuse|rejoin`: who may join a project's encrypted
//! folder. A code lets a device ask; a device of the inviting company lets it in.

use seamline_store::Workspace;
use seamline_sync::{Identity, SyncReport};
use serde_json::json;

use crate::output::{self, or_dash};
use crate::run::Result;
use crate::sync::{say_waiting, SyncCmd};

/// Runs one of the admission forms; the sync report to print, when the form makes one.
pub fn run(ws: &mut Workspace, json: bool, cmd: SyncCmd, who: &Identity) -> Result<Option<SyncReport>> {
    Ok(match cmd {
        SyncCmd::Invites(r) => {
            let id = ws.project(&r.project)?.id;
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
        SyncCmd::Withdraw { project, invite } => {
            let id = ws.project(&project.project)?.id;
            seamline_sync::withdraw(ws, &id, &invite)?;
            if json {
                output::json(&json!({ "withdrawn": true }));
            } else {
                println!("Withdrawn: no device is let in with that invite any more.");
            }
            return Ok(None);
        }
        SyncCmd::Requests(r) => {
            let id = ws.project(&r.project)?.id;
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
        SyncCmd::Admit { project, device } => {
            let id = ws.project(&project.project)?.id;
            let report = seamline_sync::admit(ws, &id, &device, who)?;
            if !json {
                println!("Let in: the device receives the project at its next sync.");
            }
            Some(report)
        }
        SyncCmd::Refuse { project, device } => {
            let id = ws.project(&project.project)?.id;
            seamline_sync::refuse(ws, &id, &device)?;
            if json {
                output::json(&json!({ "refused": true }));
            } else {
                println!("Refused: no device of your company lists it again.");
            }
            return Ok(None);
        }
        SyncCmd::Rejoin { project, invite } => {
            let id = ws.project(&project.project)?.id;
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
        _ => unreachable!("only the admission forms come here"),
    })
}
