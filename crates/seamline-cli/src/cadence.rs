//! The command's cadence forms: criteria, decisions, the weekly status, the agenda, metrics.

use seamline_store::{NewDecision, Workspace};
use serde_json::{json, Map, Value};

use crate::args::{CriterionCmd, DecisionCmd};
use crate::output::{self, or_dash};
use crate::run::{Error, Result};

pub fn criterion(ws: &mut Workspace, json: bool, cmd: CriterionCmd) -> Result {
    let c = match cmd {
        CriterionCmd::Add { project, text, cut, story } => {
            ws.add_criterion(&project.project, &text, cut.as_str(), story.as_deref())?
        }
        CriterionCmd::Met { id, on } => ws.met_criterion(&id, on.map(|d| d.to_string()).as_deref())?,
        CriterionCmd::Cut { id, cut } => ws.cut_criterion(&id, cut.as_str())?,
        CriterionCmd::Edit { id, text, story } => ws.update_criterion(&id, &text, story.as_deref())?,
        CriterionCmd::Remove { id } => {
            ws.remove_criterion(&id)?;
            if json {
                output::json(&json!({ "removed": id }));
            } else {
                println!("Removed.");
            }
            return Ok(());
        }
        CriterionCmd::List(r) => {
            let list = ws.criteria(&r.project)?;
            if json {
                output::json(&list);
            } else {
                output::table(
                    &["id", "cut", "criterion", "met"],
                    list.into_iter()
                        .map(|c| vec![c.id, c.cut.to_string(), c.text, or_dash(c.met_on)])
                        .collect(),
                );
            }
            return Ok(());
        }
    };
    if json {
        output::json(&c);
    } else {
        println!(
            "{} ({}{}): {}",
            c.text,
            c.cut,
            c.met_on.map(|d| format!(", met {d}")).unwrap_or_default(),
            c.id
        );
    }
    Ok(())
}

pub fn decision(ws: &mut Workspace, json: bool, cmd: DecisionCmd) -> Result {
    match cmd {
        DecisionCmd::Add { project, question, decision, by, on, blocker } => {
            let d = ws.record_decision(
                &project.project,
                NewDecision {
                    question,
                    decision,
                    decided_by: by,
                    decided_on: on.map(|d| d.to_string()),
                    blocker,
                },
            )?;
            if json {
                output::json(&d)
            } else {
                println!("Recorded: {} — {}", d.question, d.decision)
            }
        }
        DecisionCmd::List(r) => {
            let list = ws.decisions(&r.project)?;
            if json {
                output::json(&list);
            } else {
                for d in list {
                    println!(
                        "{} · {} — {} ({})",
                        or_dash(d.decided_on),
                        d.question,
                        d.decision,
                        d.decided_by_name
                    );
                }
            }
        }
    }
    Ok(())
}

pub fn status(
    ws: &mut Workspace,
    json: bool,
    project: &str,
    week: Option<String>,
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
        None => ws.status_draft(project, week.as_deref())?,
    };
    if publish {
        let r = ws.publish_status(project, week.as_deref(), &body)?;
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
    let md = ws.agenda(project)?;
    if json {
        output::json(&json!({ "markdown": md }))
    } else {
        print!("{md}")
    }
    Ok(())
}

pub fn metrics(ws: &Workspace, json: bool, project: &str) -> Result {
    let m = ws.metrics(project)?;
    if json {
        let mut v = serde_json::to_value(&m).expect("metrics encode");
        // CLI.md: oldest_blocker_by_class is an object keyed by class.
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
