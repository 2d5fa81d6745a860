//! `project`, `wizard` and `readiness`: the project itself, where its kickoff stands, and the new-engineer test.

use chrono::NaiveDate;
use clap::Subcommand;
use seamline_core::{Archetype, Side, SyncDay, WizardStep};
use seamline_store::Workspace;
use seamline_store::{NewProject, Person, Project, ProjectPatch};
use serde_json::json;

use crate::error::Result;
use crate::output::{self, or_dash};
use crate::parse::{date, enum_of, or_blank, OrBlank, ProjectRef};

#[derive(Subcommand, Debug)]
pub enum ProjectCmd {
    Create {
        #[arg(long)]
        name: String,
        /// Our company's name.
        #[arg(long)]
        ours: String,
        /// The partner company's name.
        #[arg(long)]
        partner: String,
        #[arg(long, value_parser = enum_of::<Archetype>)]
        archetype: Option<Archetype>,
        #[arg(long, value_parser = date, value_name = "YYYY-MM-DD")]
        target_launch: Option<NaiveDate>,
        /// Business days before an open blocker escalates.
        #[arg(long, allow_negative_numbers = true)]
        threshold_days: Option<i32>,
    },
    List,
    Show(ProjectRef),
    Update {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long)]
        name: Option<String>,
        /// The target launch date; "" clears it.
        #[arg(long, value_parser = or_blank(date), value_name = "YYYY-MM-DD")]
        target_launch: Option<OrBlank<NaiveDate>>,
        #[arg(long, allow_negative_numbers = true)]
        threshold_days: Option<i32>,
        /// The shared channel's link (http or https); "" clears it.
        #[arg(long)]
        channel: Option<String>,
        /// The weekday of the weekly sync; "" clears it.
        #[arg(long, value_parser = or_blank(enum_of::<SyncDay>))]
        sync_day: Option<OrBlank<SyncDay>>,
        /// The weekday the weekly status is due; "" puts it back to the business day before
        /// the sync.
        #[arg(long, value_parser = or_blank(enum_of::<SyncDay>))]
        status_day: Option<OrBlank<SyncDay>>,
        /// This device's reminders of the sync and the status day: on or off.
        #[arg(long, value_parser = on_off, value_name = "on|off")]
        reminders: Option<bool>,
        /// A holiday (repeat for several); replaces the project's holiday list.
        #[arg(long = "holiday", value_parser = date, value_name = "YYYY-MM-DD")]
        holidays: Vec<NaiveDate>,
        /// A holiday of the company that created the project only (repeat for several);
        /// replaces its list. Its blockers do not age on it. Only its devices change it.
        #[arg(long = "holiday-ours", value_parser = date, value_name = "YYYY-MM-DD")]
        holidays_ours: Vec<NaiveDate>,
        /// A holiday of the partner company only; as --holiday-ours.
        #[arg(long = "holiday-partner", value_parser = date, value_name = "YYYY-MM-DD")]
        holidays_partner: Vec<NaiveDate>,
        /// The days the company that created the project works ("mon-fri", "sun-thu",
        /// "mon,tue,wed,thu"); its blockers age on them. Only its devices change it.
        #[arg(long = "work-week-ours", value_name = "DAYS")]
        work_week_ours: Option<String>,
        /// The days the partner company works; as --work-week-ours.
        #[arg(long = "work-week-partner", value_name = "DAYS")]
        work_week_partner: Option<String>,
    },
    /// Delete a project (on every device it is shared with); it can be restored.
    Delete(ProjectRef),
    /// Deleted projects, with who deleted them and when.
    Deleted,
    /// Bring a deleted project back, on every device it is shared with.
    Restore(ProjectRef),
}

pub fn project(ws: &mut Workspace, json: bool, cmd: ProjectCmd) -> Result {
    match cmd {
        ProjectCmd::Create { name, ours, partner, archetype, target_launch, threshold_days } => {
            let p = ws.projects_mut().create(NewProject {
                name,
                ours,
                partner,
                archetype,
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
            let list = ws.projects().list()?;
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
            let p = ws.projects().get(&r.project)?;
            let people = ws.people().list(&p.id)?;
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
            status_day,
            reminders,
            holidays,
            holidays_ours,
            holidays_partner,
            work_week_ours,
            work_week_partner,
        } => {
            let list =
                |days: &[NaiveDate]| (!days.is_empty()).then(|| days.iter().map(|d| d.to_string()).collect());
            let mut p = ws.projects_mut().update(
                &project.project,
                ProjectPatch {
                    name,
                    target_launch: target_launch.map(|d| d.0.map(|d| d.to_string()).unwrap_or_default()),
                    threshold_days,
                    channel_url: channel,
                    sync_day: sync_day.map(|d| d.0),
                    status_day: status_day.map(|d| d.0),
                    holidays: list(&holidays),
                    holidays_ours: list(&holidays_ours),
                    holidays_partner: list(&holidays_partner),
                    work_week_ours,
                    work_week_partner,
                    ..Default::default()
                },
            )?;
            // After the shared fields: a refused update changes nothing, this switch included.
            if let Some(on) = reminders {
                ws.reminders_mut().set_enabled(&p.id, on)?;
                p = ws.projects().get(&p.id)?;
            }
            if json {
                output::json(&p);
            } else {
                println!("Updated project \"{}\".", p.name);
            }
        }
        ProjectCmd::Delete(r) => {
            let p = ws.projects().get(&r.project)?;
            let removal = ws.projects_mut().delete(&p.id)?;
            let left = removal == seamline_store::Removal::Left;
            if json {
                output::json(&json!({ "deleted": p.id, "left": left }));
            } else if left {
                println!(
                    "Left \"{}\": it is gone from {}'s devices; {} keeps it. Come back with `seamline project restore --project {}`.",
                    p.name, p.partner, p.ours, p.id
                );
            } else {
                println!(
                    "Deleted \"{}\" for everyone who shares it. Bring it back with `seamline project restore --project {}`.",
                    p.name, p.id
                );
            }
        }
        ProjectCmd::Deleted => {
            let list = ws.projects().deleted()?;
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
            let p = ws.projects_mut().restore(&r.project)?;
            if json {
                output::json(&p);
            } else {
                println!("Restored \"{}\".", p.name);
            }
        }
    }
    Ok(())
}

/// Dates as a list to read ("—" for none).
fn dates(days: &[NaiveDate]) -> String {
    if days.is_empty() {
        return "—".into();
    }
    days.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")
}

pub fn show_project(p: &Project, people: &[Person]) {
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
    println!("  holidays:         {}", dates(&p.holidays));
    println!("  shared channel:   {}", or_dash(p.channel_url.as_deref()));
    println!("  weekly sync:      {}", or_dash(p.sync_day.map(|d| d.label())));
    println!(
        "  status day:       {}{}",
        or_dash(
            p.status_day.or(p.sync_day.map(seamline_core::reminder::default_status_day)).map(|d| d.label())
        ),
        if p.reminders { " (reminders on)" } else { " (reminders off)" }
    );
    for side in [Side::Ours, Side::Partner] {
        println!(
            "  {:<17} owner {}, escalation {}",
            format!("{}:", p.company(side)),
            name_of(p.owner(side)),
            name_of(p.escalation(side))
        );
        let (own, week) = match side {
            Side::Ours => (&p.holidays_ours, p.work_week_ours),
            Side::Partner => (&p.holidays_partner, p.work_week_partner),
        };
        println!("  {:<17} works {}; own holidays: {}", "", week.label(), dates(own));
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

pub fn wizard(ws: &mut Workspace, json: bool, project: &str, step: Option<WizardStep>) -> Result {
    if let Some(step) = step {
        ws.projects_mut().set_wizard_step(project, step)?;
    }
    let p = ws.projects().get(project)?;
    if json {
        output::json(&json!({ "project": p.id, "step": p.wizard_step }));
    } else {
        match p.wizard_step {
            Some(s) => println!("Kickoff wizard: {}", s.label()),
            None => println!("Kickoff wizard: not started"),
        }
    }
    Ok(())
}

/// `on` or `off`, as people type a switch.
fn on_off(s: &str) -> std::result::Result<bool, String> {
    match s {
        "on" => Ok(true),
        "off" => Ok(false),
        _ => Err(format!("must be on or off (got '{s}')")),
    }
}
