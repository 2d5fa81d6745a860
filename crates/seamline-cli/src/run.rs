//! Dispatch: open the workspace, call the use case, print the result.

use seamline_store::{paths, Clock, Role, Workspace};
use serde_json::json;

use crate::args::{Cli, Command};
use crate::output::{self};
use crate::person::RoleCmd;

pub use crate::error::{Error, Result};

pub fn run(cli: Cli) -> Result {
    let path = match cli.db.clone().or_else(paths::default_workspace) {
        Some(p) => p,
        None => return Err(Error::Usage("no home folder to keep the workspace in; pass --db PATH".into())),
    };
    let clock = cli.now.map(Clock::Fixed).unwrap_or(Clock::System);
    let mut ws = Workspace::open(&path, clock)?;
    let json = cli.json;
    match cli.command {
        Command::Me(args) => crate::me::me(&mut ws, json, args),
        Command::Project(cmd) => crate::project::project(&mut ws, json, cmd),
        Command::Person(cmd) => crate::person::person(&mut ws, json, cmd),
        Command::Owner(RoleCmd::Set { project, side, person }) => {
            crate::person::role(&mut ws, json, &project.project, side, Role::Owner, &person)
        }
        Command::Escalation(RoleCmd::Set { project, side, person }) => {
            crate::person::role(&mut ws, json, &project.project, side, Role::Escalation, &person)
        }
        Command::Blocker(cmd) => crate::blocker::blocker(&mut ws, json, cmd),
        Command::Raci(cmd) => crate::raci::raci(&mut ws, json, cmd),
        Command::Milestone(cmd) => crate::milestone::milestone(&mut ws, json, cmd),
        Command::Export(cmd) => crate::report::export(&mut ws, cmd),
        Command::Criterion(cmd) => crate::scope::criterion(&mut ws, json, cmd),
        Command::Story(cmd) => crate::scope::text_list(&mut ws, json, crate::scope::TextList::Story, cmd),
        Command::Boundary(cmd) => {
            crate::scope::text_list(&mut ws, json, crate::scope::TextList::Boundary, cmd)
        }
        Command::Workflow(cmd) => crate::scope::workflow(&mut ws, json, cmd),
        Command::Scope(cmd) => crate::scope::scope(&mut ws, json, cmd),
        Command::Contract(cmd) => crate::contract::contract(&mut ws, json, cmd),
        Command::Checklist(cmd) => crate::checklist::checklist(&mut ws, json, cmd),
        Command::Wizard { project, step } => crate::project::wizard(&mut ws, json, &project.project, step),
        Command::Decision(cmd) => crate::decision::decision(&mut ws, json, cmd),
        Command::Proposal(cmd) => crate::proposal::proposal(&mut ws, json, cmd),
        Command::Status { project, week, publish, file } => {
            crate::report::status(&mut ws, json, &project.project, week, publish, file)
        }
        Command::Readiness(r) => {
            let x = ws.projects().readiness(&r.project)?;
            if json {
                output::json(
                    &json!({ "ready": x.ready, "passed": x.passed, "total": x.total, "missing": x.missing, "items": x.items }),
                );
            } else {
                println!("Ready: {} of {}", x.passed, x.total);
                for i in &x.items {
                    println!("  [{}] {}", if i.passed { "x" } else { " " }, i.label);
                }
            }
            Ok(())
        }
        Command::Agenda(r) => crate::report::agenda(&ws, json, &r.project),
        Command::Metrics(r) => crate::report::metrics(&ws, json, &r.project),
        Command::Sync(cmd) => crate::sync::sync(&mut ws, json, cmd),
        Command::History { project, limit, fields: false } => {
            let actions = ws.history().activity(&project.project, limit)?;
            if json {
                output::json(&actions);
            } else if actions.is_empty() {
                println!("No changes yet.");
            } else {
                output::table(
                    &["when", "who", "what"],
                    actions
                        .into_iter()
                        .map(|a| {
                            let who = match &a.company {
                                Some(c) if !a.who.contains(c.as_str()) => format!("{} ({c})", a.who),
                                _ => a.who,
                            };
                            vec![a.at, who, a.summary]
                        })
                        .collect(),
                );
            }
            Ok(())
        }
        Command::History { project, limit, fields: true } => {
            let changes = ws.history().changes(&project.project, limit)?;
            if json {
                output::json(&changes);
            } else if changes.is_empty() {
                println!("No changes yet.");
            } else {
                output::table(
                    &["when", "who", "what", "field", "value"],
                    changes
                        .into_iter()
                        .map(|c| {
                            let who = if c.user_name.is_empty() {
                                c.device.chars().take(8).collect()
                            } else {
                                c.user_name
                            };
                            let what = if c.row_label.is_empty() {
                                c.entity
                            } else {
                                format!("{}: {}", c.entity, c.row_label)
                            };
                            vec![c.at, who, what, c.field, c.value.chars().take(60).collect()]
                        })
                        .collect(),
                );
            }
            Ok(())
        }
        Command::Conflict(cmd) => crate::conflict::conflict(&mut ws, json, cmd),
        Command::Demo { scale } if scale == "large" => {
            let ids = seamline_store::large::create(&mut ws, 7)?;
            let ops = ws.oplog().count()?;
            if json {
                output::json(&json!({ "projects": ids, "ops": ops }));
            } else {
                println!("Generated {} projects and {ops} ops.", ids.len());
            }
            Ok(())
        }
        Command::Demo { .. } => {
            let p = seamline_store::demo::create(&mut ws)?;
            if json {
                output::json(&json!({ "project": p.id, "name": p.name }));
            } else {
                println!("Created the demo project \"{}\" ({} ↔ {}): {}", p.name, p.ours, p.partner, p.id);
            }
            Ok(())
        }
    }
}
