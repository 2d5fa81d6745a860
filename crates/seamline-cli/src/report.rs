//! `status`, `agenda`, `metrics` and `export`: what the project reports, to people and files.

use std::path::PathBuf;

use clap::Subcommand;
use seamline_store::Workspace;
use serde_json::json;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::output::{self, or_dash};
use crate::parse::ProjectRef;

#[derive(Subcommand, Debug)]
pub enum ExportCmd {
    /// Every blocker as CSV.
    Blockers {
        #[command(flatten)]
        project: ProjectRef,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The dated milestones as an iCalendar (.ics) file.
    Milestones {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

pub fn export(ws: &mut Workspace, cmd: ExportCmd) -> Result {
    let (text, out) = match cmd {
        ExportCmd::Blockers { project, out } => (ws.blockers().csv(&project.project)?, out),
        ExportCmd::Milestones { project, out } => (ws.milestones().ics(&project.project)?, out),
    };
    match out {
        Some(path) => std::fs::write(&path, text).map_err(|e| {
            Error::Store(seamline_store::Error::Io {
                context: format!("cannot write {}", path.display()),
                source: e,
            })
        })?,
        None => print!("{text}"),
    }
    Ok(())
}

pub fn status(
    ws: &mut Workspace,
    json: bool,
    project: &str,
    week: Option<chrono::NaiveDate>,
    publish: bool,
    file: Option<std::path::PathBuf>,
) -> Result {
    let body = match &file {
        Some(path) => std::fs::read_to_string(path).map_err(|source| {
            Error::Store(seamline_store::Error::Io {
                context: format!("cannot read {}", path.display()),
                source,
            })
        })?,
        None => ws.reports().status_draft(project, week)?.body,
    };
    if publish {
        let r = ws.reports_mut().publish_status(project, week, &body)?;
        if json {
            output::json(&r);
        } else {
            println!("Published the status of the week ending {}.", or_dash(r.week));
        }
    } else if json {
        output::json(&json!({ "markdown": body }));
    } else {
        print!("{body}");
    }
    Ok(())
}

pub fn agenda(ws: &Workspace, json: bool, project: &str) -> Result {
    let md = ws.reports().agenda(project)?;
    if json {
        output::json(&json!({ "markdown": md }))
    } else {
        print!("{md}")
    }
    Ok(())
}

pub fn metrics(ws: &Workspace, json: bool, project: &str) -> Result {
    let m = ws.reports().metrics(project)?;
    if json {
        let mut v = serde_json::to_value(&m).expect("metrics encode");
        // docs/cli.md: oldest_blocker_by_class is an object keyed by class.
        let by_class: Map<String, Value> = m
            .oldest_blocker_by_class
            .iter()
            .map(|o| {
                (
                    o.class.as_str().to_string(),
                    json!({ "title": o.title, "age_business_days": o.age_business_days }),
                )
            })
            .collect();
        v["oldest_blocker_by_class"] = Value::Object(by_class);
        output::json(&v);
    } else {
        println!("Burn-down: {} of {} v1 criteria remaining", m.v1_remaining, m.v1_total);
        for p in &m.burndown {
            println!("  week ending {}: {}", p.week, p.remaining);
        }
        if m.flat_for_two_weeks {
            println!("  flat for two weeks: look for a hidden blocker");
        }
        println!("Velocity: {:.1} criteria a week", m.velocity);
        println!(
            "Forecast v1 date: {} (target {}){}",
            or_dash(m.forecast_v1_date),
            or_dash(m.target_launch),
            if m.at_risk { " — AT RISK" } else { "" }
        );
        println!("{}: {}", m.outlook_label, m.outlook_note);
        if !m.cut_proposal.is_empty() {
            println!("To hold the date, move to v1.1:");
            for c in &m.cut_proposal {
                println!("  - {} ({})", c.text, c.id);
            }
        }
        for o in &m.oldest_blocker_by_class {
            println!("Oldest {} blocker: {} business days ({})", o.class, o.age_business_days, o.title);
        }
        println!("{}", m.days_to_app_review.line());
    }
    Ok(())
}
