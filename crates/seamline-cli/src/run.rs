//! Dispatch: open the workspace, call the use case, print the result.

use seamline_core::Side;
use seamline_store::{
    paths, Clock, NewPerson, NewProject, Person, PersonPatch, Project, ProjectPatch, Role, Workspace,
};
use serde_json::json;

use crate::args::{Cli, Command, ConflictCmd, PersonCmd, ProjectCmd, RoleCmd, SyncCmd};
use crate::output::{self, or_dash};

#[derive(Debug)]
pub enum Error {
    Store(seamline_store::Error),
    Sync(seamline_sync::Error),
    Usage(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Store(e) => write!(f, "{e}"),
            Error::Sync(e) => write!(f, "{e}"),
            Error::Usage(m) => f.write_str(m),
        }
    }
}

impl Error {
    /// The stable code of the error, as the app's `ApiError` has it.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Store(e) => e.code(),
            Error::Sync(e) => e.code(),
            Error::Usage(_) => "Usage",
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::Store(_) | Error::Sync(_) => 1,
        }
    }
}

impl From<seamline_sync::Error> for Error {
    fn from(e: seamline_sync::Error) -> Self {
        match e {
            seamline_sync::Error::Store(e) => Error::Store(e),
            other => Error::Sync(other),
        }
    }
}

impl From<seamline_store::Error> for Error {
    fn from(e: seamline_store::Error) -> Self {
        Error::Store(e)
    }
}

pub type Result<T = ()> = std::result::Result<T, Error>;

pub fn run(cli: Cli) -> Result {
    let path = match cli.db.clone().or_else(paths::default_workspace) {
        Some(p) => p,
        None => return Err(Error::Usage("no home folder to keep the workspace in; pass --db PATH".into())),
    };
    let clock = cli.now.map(Clock::Fixed).unwrap_or(Clock::System);
    let mut ws = Workspace::open(&path, clock)?;
    let json = cli.json;
    match cli.command {
        Command::Project(cmd) => project(&mut ws, json, cmd),
        Command::Person(cmd) => person(&mut ws, json, cmd),
        Command::Owner(RoleCmd::Set { project, side, person }) => {
            role(&mut ws, json, &project.project, side, Role::Owner, &person)
        }
        Command::Escalation(RoleCmd::Set { project, side, person }) => {
            role(&mut ws, json, &project.project, side, Role::Escalation, &person)
        }
        Command::Blocker(cmd) => crate::execution::blocker(&mut ws, json, cmd),
        Command::Raci(cmd) => crate::execution::raci(&mut ws, json, cmd),
        Command::Milestone(cmd) => crate::execution::milestone(&mut ws, json, cmd),
        Command::Export(cmd) => crate::execution::export(&mut ws, cmd),
        Command::Criterion(cmd) => crate::cadence::criterion(&mut ws, json, cmd),
        Command::Story(cmd) => crate::kickoff::text_list(&mut ws, json, crate::kickoff::TextList::Story, cmd),
        Command::Boundary(cmd) => {
            crate::kickoff::text_list(&mut ws, json, crate::kickoff::TextList::Boundary, cmd)
        }
        Command::Workflow(cmd) => crate::kickoff::workflow(&mut ws, json, cmd),
        Command::Scope(cmd) => crate::kickoff::scope(&mut ws, json, cmd),
        Command::Contract(cmd) => crate::kickoff::contract(&mut ws, json, cmd),
        Command::Checklist(cmd) => crate::kickoff::checklist(&mut ws, json, cmd),
        Command::Wizard { project, step } => crate::kickoff::wizard(&mut ws, json, &project.project, step),
        Command::Decision(cmd) => crate::cadence::decision(&mut ws, json, cmd),
        Command::Status { project, week, publish, file } => crate::cadence::status(
            &mut ws,
            json,
            &project.project,
            week.map(|d| d.to_string()),
            publish,
            file,
        ),
        Command::Readiness(r) => {
            let x = ws.readiness(&r.project)?;
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
        Command::Agenda(r) => crate::cadence::agenda(&ws, json, &r.project),
        Command::Metrics(r) => crate::cadence::metrics(&ws, json, &r.project),
        Command::Sync(cmd) => sync(&mut ws, json, cmd),
        Command::History { project, limit } => {
            let changes = ws.history(&project.project, limit)?;
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
        Command::Conflict(cmd) => conflict(&mut ws, json, cmd),
        Command::Demo { scale } if scale == "large" => {
            let ids = seamline_store::large::create(&mut ws, 7)?;
            let ops = ws.op_count()?;
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

fn project(ws: &mut Workspace, json: bool, cmd: ProjectCmd) -> Result {
    match cmd {
        ProjectCmd::Create { name, ours, partner, archetype, target_launch, threshold_days } => {
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
                println!("Created project \"{}\" ({} ↔ {}): {}", p.name, p.ours, p.partner, p.id);
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
        ProjectCmd::Update { project, name, target_launch, threshold_days, channel, sync_day, holidays } => {
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
        ProjectCmd::Delete(r) => {
            let p = ws.project(&r.project)?;
            ws.delete_project(&p.id)?;
            if json {
                output::json(&json!({ "deleted": p.id }));
            } else {
                println!(
                    "Deleted \"{}\". Bring it back with `seamline project restore --project {}`.",
                    p.name, p.id
                );
            }
        }
        ProjectCmd::Deleted => {
            let list = ws.deleted_projects()?;
            if json {
                output::json(&list);
            } else if list.is_empty() {
                println!("No deleted projects.");
            } else {
                output::table(
                    &["id", "name", "deleted", "by"],
                    list.into_iter()
                        .map(|d| {
                            let by = if d.by_this_device {
                                "this device".to_string()
                            } else if d.deleted_by_user.is_empty() {
                                "another device".to_string()
                            } else {
                                d.deleted_by_user
                            };
                            vec![d.id, d.name, d.deleted_at, by]
                        })
                        .collect(),
                );
            }
        }
        ProjectCmd::Restore(r) => {
            let p = ws.restore_project(&r.project)?;
            if json {
                output::json(&p);
            } else {
                println!("Restored \"{}\".", p.name);
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
    println!("  weekly sync:      {}", or_dash(p.sync_day.map(|d| d.label())));
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
        println!(
            "No people yet. Add them with `seamline person add --project {} --side ours --name NAME`.",
            p.id.clone()
        );
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
        PersonCmd::Add { project, side, name, email, title } => {
            let x = ws
                .add_person(&project.project, NewPerson { side: side.as_str().into(), name, email, title })?;
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
                        .map(|x| vec![x.id, x.side.to_string(), x.name, or_dash(x.title), or_dash(x.email)])
                        .collect(),
                );
            }
        }
        PersonCmd::Update { id, name, email, title } => {
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

fn role(ws: &mut Workspace, json: bool, project: &str, side: Side, role: Role, person: &str) -> Result {
    let p = ws.set_role(project, side, role, person)?;
    if json {
        output::json(&p);
    } else {
        let who = ws.person(person)?;
        println!("{} is now the {} of {} ({} side).", who.name, role.label(), p.company(side), side);
    }
    Ok(())
}

fn sync(ws: &mut Workspace, json: bool, cmd: SyncCmd) -> Result {
    let who = seamline_sync::Identity::from_env();
    let report = match cmd {
        SyncCmd::Link { project, folder } => {
            let id = ws.project(&project.project)?.id;
            let report = seamline_sync::link(ws, &id, &folder, &who)?;
            if !json {
                println!("Linked to {}.", folder.display());
            }
            report
        }
        SyncCmd::Join { folder, relink } => {
            let (project, report) = seamline_sync::join(ws, &folder, &who, relink)?;
            if json {
                let mut v = serde_json::to_value(&report).expect("a report encodes");
                v["project"] = json!(project);
                output::json(&v);
                return Ok(());
            }
            match ws.project(&project) {
                Ok(p) => println!("Joined \"{}\" ({} ↔ {}): {}", p.name, p.ours, p.partner, p.id),
                Err(_) => println!("Joined project {project}; its data has not arrived in the folder yet."),
            }
            report
        }
        SyncCmd::Run(r) => {
            // A deleted project syncs too: its deletion (or its restore) must travel.
            let id = ws.project_or_deleted(&r.project)?;
            seamline_sync::sync(ws, &id, &who)?
        }
        SyncCmd::Status(r) => {
            let p = ws.project(&r.project)?;
            let link = ws.sync_link(&p.id)?;
            let devices = ws.devices(&p.id)?;
            let clock_skews = ws.clock_skews(&p.id)?;
            let invalid_values = ws.invalid_values(&p.id)?;
            if json {
                output::json(&json!({
                    "link": link, "devices": devices, "clock_skews": clock_skews, "invalid_values": invalid_values,
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

fn conflict(ws: &mut Workspace, json: bool, cmd: ConflictCmd) -> Result {
    match cmd {
        ConflictCmd::List(r) => {
            let list = ws.conflicts(&r.project)?;
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
            ws.restore_conflict(&c.entity, &c.row, &c.field, &c.hlc, &c.device)?;
            if json {
                output::json(&json!({ "restored": true }));
            } else {
                println!("Restored.");
            }
        }
        ConflictCmd::Dismiss(c) => {
            ws.dismiss_conflict(&c.entity, &c.row, &c.field, &c.hlc, &c.device)?;
            if json {
                output::json(&json!({ "dismissed": true }));
            } else {
                println!("Kept the current value.");
            }
        }
    }
    Ok(())
}
