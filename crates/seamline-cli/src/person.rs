//! `person`, `owner` and `escalation`: the people on each side and their roles.

use clap::Subcommand;
use seamline_core::sides::possessive;
use seamline_core::Side;
use seamline_store::Workspace;
use seamline_store::{NewPerson, PersonPatch, Role};
use serde_json::json;

use crate::error::Result;
use crate::output::{self, or_dash};
use crate::parse::{enum_of, ProjectRef};

#[derive(Subcommand, Debug)]
pub enum PersonCmd {
    Add {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_parser = enum_of::<Side>)]
        side: Side,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        title: Option<String>,
    },
    List(ProjectRef),
    /// Change a person's name, email or title (an empty value clears email or title).
    Update {
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        title: Option<String>,
    },
    Remove {
        #[arg(long)]
        id: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum RoleCmd {
    Set {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_parser = enum_of::<Side>)]
        side: Side,
        /// The person's id, or a unique prefix.
        #[arg(long)]
        person: String,
    },
}

pub fn person(ws: &mut Workspace, json: bool, cmd: PersonCmd) -> Result {
    match cmd {
        PersonCmd::Add { project, side, name, email, title } => {
            let x = ws.people_mut().add(&project.project, NewPerson { side, name, email, title })?;
            if json {
                output::json(&x);
            } else {
                let p = ws.projects().get(&project.project)?;
                println!("Added {} ({}): {}", x.name, p.company(x.side), x.id);
            }
        }
        PersonCmd::List(r) => {
            let people = ws.people().list(&r.project)?;
            if json {
                output::json(&people);
            } else if people.is_empty() {
                println!("No people yet.");
            } else {
                output::table(
                    &["id", "side", "name", "title", "email"],
                    people
                        .into_iter()
                        .map(|x| vec![x.id, x.side.to_string(), x.name, or_dash(x.title), or_dash(x.email)])
                        .collect(),
                );
            }
        }
        PersonCmd::Update { id, name, email, title } => {
            let x = ws.people_mut().update(&id, PersonPatch { name, email, title })?;
            if json {
                output::json(&x);
            } else {
                println!("Updated {}.", x.name);
            }
        }
        PersonCmd::Remove { id } => {
            let x = ws.people().get(&id)?;
            ws.people_mut().remove(&x.id)?;
            if json {
                output::json(&json!({ "removed": x.id }));
            } else {
                println!("Removed {}.", x.name);
            }
        }
    }
    Ok(())
}

pub fn role(ws: &mut Workspace, json: bool, project: &str, side: Side, role: Role, person: &str) -> Result {
    let p = ws.people_mut().set_role(project, side, role, person)?;
    if json {
        output::json(&p);
    } else {
        let who = ws.people().get(person)?;
        println!("{} is now {} {}.", who.name, possessive(p.company(side)), role.label());
    }
    Ok(())
}
