//! Dispatch: open the workspace, call the use case, print the result.

use seamline_core::Side;
use seamline_store::{
    paths, Clock, NewPerson, NewProject, Person, PersonPatch, Project, ProjectPatch, Role,
    Workspace,
};
use serde_json::json;

use crate::args::{Cli, Command, PersonCmd, ProjectCmd, RoleCmd};
use crate::output::{self, or_dash};

#[derive(Debug)]
pub enum Error {
    Store(seamline_store::Error),
    Usage(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Store(e) => write!(f, "{e}"),
            Error::Usage(m) => f.write_str(m),
        }
    }
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::Store(_) => 1,
        }
    }
}

impl From<seamline_store::Error> for Error {
    fn from(e: seamline_store::Error) -> Self {
        Error::Store(e)
    }
}

type Result<T = ()> = std::result::Result<T, Error>;

pub fn run(cli: Cli) -> Result {
    let path = match cli.db.clone().or_else(paths::default_workspace) {
        Some(p) => p,
        None => {
            return Err(Error::Usage(
                "no home folder to keep the workspace in; pass --db PATH".into(),
            ))
        }
    };
    let clock = cli.now.map(Clock::Fixed).unwrap_or(Clock::System);
    let mut ws = Workspace::open(&path, clock)?;
    let json = cli.json;
    match cli.command {
        Command::Project(cmd) => project(&mut ws, json, cmd),
        Command::Person(cmd) => person(&mut ws, json, cmd),
        Command::Owner(RoleCmd::Set {
            project,
            side,
            person,
        }) => role(&mut ws, json, &project.project, side, Role::Owner, &person),
        Command::Escalation(RoleCmd::Set {
            project,
            side,
            person,
        }) => role(
            &mut ws,
            json,
            &project.project,
            side,
            Role::Escalation,
            &person,
        ),
        Command::Demo => {
            let p = seamline_store::demo::create(&mut ws)?;
            if json {
                output::json(&json!({ "project": p.id, "name": p.name }));
            } else {
                println!(
                    "Created the demo project \"{}\" ({} ↔ {}): {}",
                    p.name, p.ours, p.partner, p.id
                );
            }
            Ok(())
        }
    }
}

fn project(ws: &mut Workspace, json: bool, cmd: ProjectCmd) -> Result {
    match cmd {
        ProjectCmd::Create {
            name,
            ours,
            partner,
            archetype,
            target_launch,
            threshold_days,
        } => {
            let p = ws.create_project(NewProject {
                name,
                ours,
                partner,
                archetype: archetype.map(|a| a.as_str().to_string()),
                target_launch: target_launch.map(|d| d.to_string()),
                threshold_days,
            })?;
            if json {
                output::json(&p);
            } else {
                println!(
                    "Created project \"{}\" ({} ↔ {}): {}",
                    p.name, p.ours, p.partner, p.id
                );
            }
        }
        ProjectCmd::List => {
            let list = ws.projects()?;
            if json {
                output::json(&list);
            } else if list.is_empty() {
                println!("No projects yet. Create one with `seamline project create --name NAME --ours COMPANY --partner COMPANY`.");
            } else {
                output::table(
                    &[
                        "id",
                        "project",
                        "ours",
                        "partner",
                        "archetype",
                        "target launch",
                        "people",
                        "open blockers",
                    ],
                    list.into_iter()
                        .map(|p| {
                            vec![
                                p.id.clone(),
                                p.name,
                                p.ours,
                                p.partner,
                                p.archetype.label().into(),
                                or_dash(p.target_launch),
                                p.people.to_string(),
                                p.open_blockers.to_string(),
                            ]
                        })
                        .collect(),
                );
            }
        }
        ProjectCmd::Show(r) => {
            let p = ws.project(&r.project)?;
            let people = ws.people(&p.id)?;
            if json {
                let mut v = serde_json::to_value(&p).expect("a project encodes as JSON");
                v["people"] = serde_json::to_value(&people).expect("people encode as JSON");
                output::json(&v);
            } else {
                show_project(&p, &people);
            }
        }
        ProjectCmd::Update {
            project,
            name,
            target_launch,
            threshold_days,
            channel,
            sync_day,
            holidays,
        } => {
            let p = ws.update_project(
                &project.project,
                ProjectPatch {
                    name,
                    target_launch: target_launch.map(|d| d.to_string()),
                    threshold_days,
                    channel_url: channel,
                    sync_day: sync_day.map(|d| d.as_str().to_string()),
                    holidays: (!holidays.is_empty())
                        .then(|| holidays.iter().map(|d| d.to_string()).collect()),
                    ..Default::default()
                },
            )?;
            if json {
                output::json(&p);
            } else {
                println!("Updated project \"{}\".", p.name);
            }
        }
    }
    Ok(())
}

fn show_project(p: &Project, people: &[Person]) {
    let name_of = |id: Option<&str>| {
        id.and_then(|id| people.iter().find(|x| x.id == id))
            .map(|x| x.name.clone())
            .unwrap_or_else(|| "not named yet".into())
    };
    println!("{}  ({} ↔ {})", p.name, p.ours, p.partner);
    println!("  id:               {}", p.id);
    println!("  archetype:        {}", p.archetype.label());
    println!("  target launch:    {}", or_dash(p.target_launch));
    println!("  escalates after:  {} business days", p.threshold_days);
    println!("  shared channel:   {}", or_dash(p.channel_url.as_deref()));
    println!(
        "  weekly sync:      {}",
        or_dash(p.sync_day.map(|d| d.label()))
    );
    for side in [Side::Ours, Side::Partner] {
        println!(
            "  {:<17} owner {}, escalation {}",
            format!("{}:", p.company(side)),
            name_of(p.owner(side)),
            name_of(p.escalation(side))
        );
    }
    println!();
    if people.is_empty() {
        println!("No people yet. Add them with `seamline person add --project {} --side ours --name NAME`.", p.id.clone());
    }
    output::table(
        &["id", "side", "name", "title", "email", "role"],
        people
            .iter()
            .map(|x| {
                let role = if p.owner(x.side) == Some(&x.id) {
                    "owner"
                } else if p.escalation(x.side) == Some(&x.id) {
                    "escalation"
                } else {
                    ""
                };
                vec![
                    x.id.clone(),
                    p.company(x.side).to_string(),
                    x.name.clone(),
                    or_dash(x.title.as_deref()),
                    or_dash(x.email.as_deref()),
                    role.into(),
                ]
            })
            .collect(),
    );
}

fn person(ws: &mut Workspace, json: bool, cmd: PersonCmd) -> Result {
    match cmd {
        PersonCmd::Add {
            project,
            side,
            name,
            email,
            title,
        } => {
            let x = ws.add_person(
                &project.project,
                NewPerson {
                    side: side.as_str().into(),
                    name,
                    email,
                    title,
                },
            )?;
            if json {
                output::json(&x);
            } else {
                println!("Added {} ({} side): {}", x.name, x.side, x.id);
            }
        }
        PersonCmd::List(r) => {
            let people = ws.people(&r.project)?;
            if json {
                output::json(&people);
            } else if people.is_empty() {
                println!("No people yet.");
            } else {
                output::table(
                    &["id", "side", "name", "title", "email"],
                    people
                        .into_iter()
                        .map(|x| {
                            vec![
                                x.id,
                                x.side.to_string(),
                                x.name,
                                or_dash(x.title),
                                or_dash(x.email),
                            ]
                        })
                        .collect(),
                );
            }
        }
        PersonCmd::Update {
            id,
            name,
            email,
            title,
        } => {
            let x = ws.update_person(&id, PersonPatch { name, email, title })?;
            if json {
                output::json(&x);
            } else {
                println!("Updated {}.", x.name);
            }
        }
        PersonCmd::Remove { id } => {
            let x = ws.person(&id)?;
            ws.remove_person(&x.id)?;
            if json {
                output::json(&json!({ "removed": x.id }));
            } else {
                println!("Removed {}.", x.name);
            }
        }
    }
    Ok(())
}

fn role(
    ws: &mut Workspace,
    json: bool,
    project: &str,
    side: Side,
    role: Role,
    person: &str,
) -> Result {
    let p = ws.set_role(project, side, role, person)?;
    if json {
        output::json(&p);
    } else {
        let who = ws.person(person)?;
        println!(
            "{} is now the {} of {} ({} side).",
            who.name,
            role.label(),
            p.company(side),
            side
        );
    }
    Ok(())
}
