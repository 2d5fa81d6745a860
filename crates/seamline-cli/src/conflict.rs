//! `conflict`: the edits that lost a race with another device's, to restore or dismiss.

use clap::{Args, Subcommand};
use seamline_store::Workspace;
use serde_json::json;

use crate::error::Result;
use crate::output;
use crate::parse::ProjectRef;

#[derive(Subcommand, Debug)]
pub enum ConflictCmd {
    List(ProjectRef),
    /// Write a lost edit's value back, so it wins from now on.
    Restore(ConflictRef),
    /// Keep the current value and stop listing the lost edit.
    Dismiss(ConflictRef),
}

/// Names one lost edit, as `conflict list --json` prints it.
#[derive(Args, Debug)]
pub struct ConflictRef {
    #[arg(long)]
    pub entity: String,
    #[arg(long)]
    pub row: String,
    #[arg(long)]
    pub field: String,
    #[arg(long)]
    pub hlc: String,
    #[arg(long)]
    pub device: String,
}

pub fn conflict(ws: &mut Workspace, json: bool, cmd: ConflictCmd) -> Result {
    match cmd {
        ConflictCmd::List(r) => {
            let list = ws.history().conflicts(&r.project)?;
            if json {
                output::json(&list);
            } else if list.is_empty() {
                println!("No concurrent edits to review.");
            } else {
                for c in list {
                    println!(
                        "{} {} — {}: {} also changed this to \"{}\"; it is now \"{}\"\n  restore: seamline conflict restore --entity {} --row {} --field {} --hlc {} --device {}",
                        c.entity, c.row_label, c.field, if c.lost_user.is_empty() { "another device" } else { &c.lost_user },
                        c.lost_value, c.current_value, c.entity, c.row_id, c.field, c.hlc, c.lost_device
                    );
                }
            }
        }
        ConflictCmd::Restore(c) => {
            ws.history_mut().restore_conflict(&c.entity, &c.row, &c.field, &c.hlc, &c.device)?;
            if json {
                output::json(&json!({ "restored": true }));
            } else {
                println!("Restored.");
            }
        }
        ConflictCmd::Dismiss(c) => {
            ws.history_mut().dismiss_conflict(&c.entity, &c.row, &c.field, &c.hlc, &c.device)?;
            if json {
                output::json(&json!({ "dismissed": true }));
            } else {
                println!("Kept the current value.");
            }
        }
    }
    Ok(())
}
