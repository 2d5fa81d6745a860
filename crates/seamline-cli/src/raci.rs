//! `raci`: the two-company RACI, by workstream name.

use clap::Subcommand;
use seamline_core::{RaciLetter, Side};
use seamline_store::Workspace;
use serde_json::json;

use crate::error::Result;
use crate::output::{self};
use crate::parse::{enum_of, ProjectRef};

#[derive(Subcommand, Debug)]
pub enum RaciCmd {
    /// Set one side's cell of a workstream (the workstream is created if new).
    Set {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long)]
        workstream: String,
        #[arg(long, value_parser = enum_of::<Side>)]
        side: Side,
        #[arg(long, value_parser = enum_of::<RaciLetter>)]
        letter: RaciLetter,
        #[arg(long)]
        person: String,
    },
    List(ProjectRef),
    Check(ProjectRef),
    /// Remove a workstream and its cells.
    Remove {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long)]
        workstream: String,
    },
}

pub fn raci(ws: &mut Workspace, json: bool, cmd: RaciCmd) -> Result {
    match cmd {
        RaciCmd::Set { project, workstream, side, letter, person } => {
            let w = ws.raci_mut().set_cell(&project.project, &workstream, side, letter, &person)?;
            if json {
                output::json(&w)
            } else {
                let p = ws.projects().get(&project.project)?;
                println!("{}: {} is {}.", w.workstream, p.company(side), letter.label())
            }
        }
        RaciCmd::List(r) => {
            let rows = ws.raci().get(&r.project)?;
            if json {
                output::json(&rows);
            } else {
                let cell = |c: &Option<seamline_store::RaciCell>| match c {
                    Some(c) => format!(
                        "{} {}",
                        c.letter,
                        if c.person_name.is_empty() { "—" } else { &c.person_name }
                    ),
                    None => "—".into(),
                };
                output::table(
                    &["workstream", "ours", "partner"],
                    rows.iter()
                        .map(|w| vec![w.workstream.clone(), cell(&w.ours), cell(&w.partner)])
                        .collect(),
                );
            }
        }
        RaciCmd::Check(r) => {
            let check = ws.raci().check(&r.project)?;
            if json {
                output::json(&json!({ "ok": check.ok, "problems": check.problems }));
            } else if check.ok {
                println!("Every workstream is owned on both sides.");
            } else {
                for p in &check.problems {
                    println!("- {p}");
                }
            }
        }
        RaciCmd::Remove { project, workstream } => {
            ws.raci_mut().remove_workstream(&project.project, &workstream)?;
            if json {
                output::json(&json!({ "removed": workstream }))
            } else {
                println!("Removed \"{workstream}\".")
            }
        }
    }
    Ok(())
}
