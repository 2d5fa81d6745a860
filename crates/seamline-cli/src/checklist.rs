//! `checklist`: the app-review, test-case, rollout and runbook checklists.

use clap::Subcommand;
use seamline_core::ChecklistKind;
use seamline_store::Workspace;

use crate::error::Result;
use crate::output::{self};
use crate::parse::{enum_of, ProjectRef};

#[derive(Subcommand, Debug)]
pub enum ChecklistCmd {
    /// Every list, or one with --list.
    List {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_parser = enum_of::<ChecklistKind>)]
        list: Option<ChecklistKind>,
    },
    Add {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_parser = enum_of::<ChecklistKind>)]
        list: ChecklistKind,
        #[arg(long)]
        text: String,
    },
    Check {
        #[arg(long)]
        id: String,
    },
    Uncheck {
        #[arg(long)]
        id: String,
    },
    /// Set an item's note ("" clears it) and/or reword it.
    Edit {
        #[arg(long)]
        id: String,
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    Remove {
        #[arg(long)]
        id: String,
    },
}

pub fn checklist(ws: &mut Workspace, json: bool, cmd: ChecklistCmd) -> Result {
    let item = match cmd {
        ChecklistCmd::List { project, list } => {
            let items: Vec<_> = ws
                .checklists()
                .list(&project.project)?
                .into_iter()
                .filter(|i| list.is_none_or(|l| i.list == l))
                .collect();
            if json {
                output::json(&items);
                return Ok(());
            }
            for kind in ChecklistKind::ALL {
                let of: Vec<_> = items.iter().filter(|i| i.list == *kind).collect();
                if of.is_empty() {
                    continue;
                }
                println!("{} ({} of {} done)", kind.label(), of.iter().filter(|i| i.done).count(), of.len());
                for i in of {
                    let note = if i.note.is_empty() { String::new() } else { format!(" — {}", i.note) };
                    println!("  [{}] {}{note}  {}", if i.done { "x" } else { " " }, i.text, i.id);
                }
            }
            return Ok(());
        }
        ChecklistCmd::Add { project, list, text } => {
            ws.checklists_mut().add_item(&project.project, list, &text)?
        }
        ChecklistCmd::Check { id } => ws.checklists_mut().check_item(&id, true)?,
        ChecklistCmd::Uncheck { id } => ws.checklists_mut().check_item(&id, false)?,
        ChecklistCmd::Edit { id, text, note } => {
            ws.checklists_mut().update_item(&id, text.as_deref(), note.as_deref())?
        }
        ChecklistCmd::Remove { id } => {
            ws.checklists_mut().remove_item(&id)?;
            output::removed(json, &id);
            return Ok(());
        }
    };
    if json {
        output::json(&item);
    } else {
        println!("[{}] {}: {}", if item.done { "x" } else { " " }, item.text, item.id);
    }
    Ok(())
}
