//! `story`, `boundary`, `workflow`, `criterion` and `scope`: the scope both companies sign.

use chrono::NaiveDate;
use clap::Subcommand;
use seamline_core::sides::possessive;
use seamline_core::{Cut, Side};
use seamline_store::Workspace;
use serde_json::json;

use crate::error::Result;
use crate::output::{self, or_dash};
use crate::parse::{date, enum_of, ProjectRef};

#[derive(Subcommand, Debug)]
pub enum CriterionCmd {
    Add {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long)]
        text: String,
        #[arg(long, value_parser = enum_of::<Cut>, default_value = "v1")]
        cut: Cut,
        #[arg(long)]
        story: Option<String>,
    },
    /// Mark met (today unless --on).
    Met {
        #[arg(long)]
        id: String,
        #[arg(long, value_parser = date, value_name = "YYYY-MM-DD")]
        on: Option<NaiveDate>,
    },
    /// Move across the cut line.
    Cut {
        #[arg(long)]
        id: String,
        #[arg(long, value_parser = enum_of::<Cut>)]
        cut: Cut,
    },
    List(ProjectRef),
    /// Reword a criterion, or file it under a story (--story "" takes it out).
    Edit {
        #[arg(long)]
        id: String,
        #[arg(long)]
        text: String,
        #[arg(long)]
        story: Option<String>,
    },
    Remove {
        #[arg(long)]
        id: String,
    },
}

/// The forms shared by user stories and boundaries.
#[derive(Subcommand, Debug)]
pub enum TextCmd {
    Add {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long)]
        text: String,
    },
    Edit {
        #[arg(long)]
        id: String,
        #[arg(long)]
        text: String,
    },
    List(ProjectRef),
    Remove {
        #[arg(long)]
        id: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum WorkflowCmd {
    /// Add a step at the end.
    Add {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_parser = enum_of::<Side>)]
        side: Side,
        #[arg(long)]
        text: String,
    },
    List(ProjectRef),
    /// Move a step to a position (1 = first).
    Move {
        #[arg(long)]
        id: String,
        #[arg(long)]
        to: u32,
    },
    Remove {
        #[arg(long)]
        id: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ScopeCmd {
    /// Sign the scope as it is now for one side, through one of its people.
    /// Sign the scope for this device's company (a device signs only for its own), or record
    /// the other company's signature given by email or on paper (--recorded).
    Sign {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_parser = enum_of::<Side>)]
        side: Side,
        /// Who signs (default: the person you said you are, `seamline me --person`).
        #[arg(long)]
        person: Option<String>,
        /// The other company signed outside Seamline: how ("signed by email on 12 Jan").
        #[arg(long, value_name = "HOW")]
        recorded: Option<String>,
    },
    /// Withdraw one side's signature.
    Unsign {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_parser = enum_of::<Side>)]
        side: Side,
    },
    Show(ProjectRef),
}

#[derive(Clone, Copy)]
pub enum TextList {
    Story,
    Boundary,
}

pub fn criterion(ws: &mut Workspace, json: bool, cmd: CriterionCmd) -> Result {
    let c = match cmd {
        CriterionCmd::Add { project, text, cut, story } => {
            ws.scope_mut().add_criterion(&project.project, &text, cut, story.as_deref())?
        }
        CriterionCmd::Met { id, on } => ws.scope_mut().met_criterion(&id, on)?,
        CriterionCmd::Cut { id, cut } => ws.scope_mut().cut_criterion(&id, cut)?,
        CriterionCmd::Edit { id, text, story } => {
            ws.scope_mut().update_criterion(&id, &text, story.as_deref())?
        }
        CriterionCmd::Remove { id } => {
            ws.scope_mut().remove_criterion(&id)?;
            if json {
                output::json(&json!({ "removed": id }));
            } else {
                println!("Removed.");
            }
            return Ok(());
        }
        CriterionCmd::List(r) => {
            let list = ws.scope().criteria(&r.project)?;
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

pub fn text_list(ws: &mut Workspace, json: bool, list: TextList, cmd: TextCmd) -> Result {
    let item = match (list, cmd) {
        (TextList::Story, TextCmd::Add { project, text }) => {
            ws.scope_mut().add_story(&project.project, &text)?
        }
        (TextList::Boundary, TextCmd::Add { project, text }) => {
            ws.scope_mut().add_boundary(&project.project, &text)?
        }
        (TextList::Story, TextCmd::Edit { id, text }) => ws.scope_mut().update_story(&id, &text)?,
        (TextList::Boundary, TextCmd::Edit { id, text }) => ws.scope_mut().update_boundary(&id, &text)?,
        (_, TextCmd::Remove { id }) => {
            match list {
                TextList::Story => ws.scope_mut().remove_story(&id)?,
                TextList::Boundary => ws.scope_mut().remove_boundary(&id)?,
            }
            output::removed(json, &id);
            return Ok(());
        }
        (_, TextCmd::List(r)) => {
            let items = match list {
                TextList::Story => ws.scope().stories(&r.project)?,
                TextList::Boundary => ws.scope().boundaries(&r.project)?,
            };
            if json {
                output::json(&items);
            } else {
                let header = match list {
                    TextList::Story => "user story",
                    TextList::Boundary => "boundary",
                };
                output::table(&["id", header], items.into_iter().map(|i| vec![i.id, i.text]).collect());
            }
            return Ok(());
        }
    };
    if json {
        output::json(&item);
    } else {
        println!("{}: {}", item.text, item.id);
    }
    Ok(())
}

pub fn workflow(ws: &mut Workspace, json: bool, cmd: WorkflowCmd) -> Result {
    let project = match cmd {
        WorkflowCmd::Add { project, side, text } => {
            let step = ws.scope_mut().add_workflow_step(&project.project, side, &text)?;
            if json {
                output::json(&step);
            } else {
                let p = ws.projects().get(&project.project)?;
                println!("{} ({}): {}", step.text, p.company(step.side), step.id);
            }
            return Ok(());
        }
        WorkflowCmd::Move { id, to } => {
            ws.scope_mut().move_workflow_step(&id, to.saturating_sub(1))?;
            None
        }
        WorkflowCmd::Remove { id } => {
            ws.scope_mut().remove_workflow_step(&id)?;
            output::removed(json, &id);
            return Ok(());
        }
        WorkflowCmd::List(r) => Some(r.project),
    };
    if let Some(project) = project {
        let steps = ws.scope().workflow(&project)?;
        if json {
            output::json(&steps);
        } else {
            output::table(
                &["#", "side", "step", "id"],
                steps
                    .into_iter()
                    .enumerate()
                    .map(|(i, s)| vec![(i + 1).to_string(), s.side.to_string(), s.text, s.id])
                    .collect(),
            );
        }
    } else if json {
        output::json(&json!({ "moved": true }));
    } else {
        println!("Moved.");
    }
    Ok(())
}

pub fn scope(ws: &mut Workspace, json: bool, cmd: ScopeCmd) -> Result {
    match cmd {
        ScopeCmd::Sign { project, side, person, recorded } => {
            let s = ws.scope_mut().sign(&project.project, side, person.as_deref(), recorded.as_deref())?;
            if json {
                output::json(&s);
            } else {
                let company = ws.projects().get(&project.project)?.company(s.side).to_string();
                match &s.recorded {
                    Some(r) => println!(
                        "Recorded {} signature by {} ({}), noted by {}.",
                        possessive(&company),
                        s.person_name,
                        r.how,
                        r.by
                    ),
                    None => println!("Signed for {company} by {} at {}.", s.person_name, s.signed_at),
                }
            }
        }
        ScopeCmd::Unsign { project, side } => {
            ws.scope_mut().unsign(&project.project, side)?;
            if json {
                output::json(&json!({ "withdrawn": side }));
            } else {
                let p = ws.projects().get(&project.project)?;
                println!("{} signature is withdrawn.", possessive(p.company(side)));
            }
        }
        ScopeCmd::Show(r) => {
            let s = ws.scope().get(&r.project)?;
            if json {
                let signatures: Vec<_> = s
                    .signatures
                    .iter()
                    .map(|g| {
                        json!({ "side": g.side, "person": g.person_id, "person_name": g.person_name,
                                "signed_at": g.signed_at, "stale": g.stale, "recorded": g.recorded })
                    })
                    .collect();
                output::json(&json!({
                    "hash": s.hash, "signatures": signatures, "stories": s.stories, "workflow": s.workflow,
                    "criteria": s.criteria, "boundaries": s.boundaries, "moves": s.moves,
                }));
                return Ok(());
            }
            let p = ws.projects().get(&r.project)?;
            println!("Scope {}", &s.hash[..12]);
            for g in &s.signatures {
                let state = if g.stale { "STALE: the scope changed since; sign again" } else { "current" };
                match &g.recorded {
                    Some(r) => println!(
                        "  RECORDED for {} (not signed in Seamline): {} {}, noted by {} at {} ({state})",
                        p.company(g.side),
                        g.person_name,
                        r.how,
                        r.by,
                        g.signed_at
                    ),
                    None => {
                        println!(
                            "  signed for {} by {} at {} ({state})",
                            p.company(g.side),
                            g.person_name,
                            g.signed_at
                        )
                    }
                }
            }
            if s.signatures.is_empty() {
                println!("  not signed yet");
            }
            let section = |title: &str, items: Vec<String>| {
                if !items.is_empty() {
                    println!("\n{title}");
                    for i in items {
                        println!("  - {i}");
                    }
                }
            };
            section("User stories", s.stories.into_iter().map(|x| x.text).collect());
            section(
                "Workflow",
                s.workflow.into_iter().map(|x| format!("[{}] {}", p.company(x.side), x.text)).collect(),
            );
            for cut in [seamline_core::Cut::V1, seamline_core::Cut::V1_1] {
                section(
                    &format!("{cut} acceptance criteria"),
                    s.criteria
                        .iter()
                        .filter(|c| c.cut == cut)
                        .map(|c| match c.met_on {
                            Some(d) => format!("{} (met {d})", c.text),
                            None => c.text.clone(),
                        })
                        .collect(),
                );
            }
            section("Boundaries", s.boundaries.into_iter().map(|x| x.text).collect());
        }
    }
    Ok(())
}
