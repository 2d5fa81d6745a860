//! `decision`: the decision log.

use chrono::NaiveDate;
use clap::Subcommand;
use seamline_store::Workspace;
use seamline_store::{DecisionPatch, NewDecision};

use crate::error::Result;
use crate::output::{self, or_dash};
use crate::parse::{date, ProjectRef};

#[derive(Subcommand, Debug)]
pub enum DecisionCmd {
    /// Record a decision; with --blocker, resolves the decision blocker it answers.
    Add {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long)]
        question: String,
        #[arg(long)]
        decision: String,
        /// Who decided (a person id or prefix).
        #[arg(long)]
        by: String,
        #[arg(long, value_parser = date, value_name = "YYYY-MM-DD")]
        on: Option<NaiveDate>,
        #[arg(long)]
        blocker: Option<String>,
    },
    /// Correct a recorded decision.
    Update {
        #[arg(long)]
        id: String,
        #[arg(long)]
        question: Option<String>,
        #[arg(long)]
        decision: Option<String>,
        /// Who decided (a person id or prefix).
        #[arg(long)]
        by: Option<String>,
        #[arg(long, value_parser = date, value_name = "YYYY-MM-DD")]
        on: Option<NaiveDate>,
    },
    List(ProjectRef),
}

pub fn decision(ws: &mut Workspace, json: bool, cmd: DecisionCmd) -> Result {
    match cmd {
        DecisionCmd::Add { project, question, decision, by, on, blocker } => {
            let d = ws.decisions_mut().record(
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
        DecisionCmd::Update { id, question, decision, by, on } => {
            let d = ws.decisions_mut().update(
                &id,
                DecisionPatch { question, decision, decided_by: by, decided_on: on.map(|d| d.to_string()) },
            )?;
            if json {
                output::json(&d)
            } else {
                println!("Corrected: {} — {} ({})", d.question, d.decision, d.decided_by_name)
            }
        }
        DecisionCmd::List(r) => {
            let list = ws.decisions().list(&r.project)?;
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
