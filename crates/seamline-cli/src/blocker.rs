//! `blocker`: the shared blocker list, its ages and escalations.

use chrono::NaiveDate;
use clap::Subcommand;
use seamline_core::{BlockerClass, Side};
use seamline_store::Workspace;
use seamline_store::{BlockerPatch, NewBlocker};

use crate::error::Result;
use crate::output::{self, or_dash};
use crate::parse::{date, enum_of, ProjectRef};

#[derive(Subcommand, Debug)]
pub enum BlockerCmd {
    Add {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long)]
        title: String,
        #[arg(long, value_parser = enum_of::<BlockerClass>)]
        class: BlockerClass,
        /// The side that must act.
        #[arg(long, value_parser = enum_of::<Side>)]
        waiting_on: Side,
        /// The owner's person id (or a unique prefix).
        #[arg(long)]
        owner: String,
        #[arg(long, value_parser = date, value_name = "YYYY-MM-DD")]
        opened: Option<NaiveDate>,
        #[arg(long, value_parser = date, value_name = "YYYY-MM-DD")]
        due: Option<NaiveDate>,
    },
    List {
        #[command(flatten)]
        project: ProjectRef,
        /// Only the open ones.
        #[arg(long)]
        open: bool,
    },
    /// Change a blocker's title, class, side, owner or due date (an empty --owner or --due clears it).
    Update {
        #[arg(long)]
        id: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long, value_parser = enum_of::<BlockerClass>)]
        class: Option<BlockerClass>,
        #[arg(long, value_parser = enum_of::<Side>)]
        waiting_on: Option<Side>,
        #[arg(long)]
        owner: Option<String>,
        #[arg(long)]
        due: Option<String>,
    },
    Resolve {
        #[arg(long)]
        id: String,
        /// How it was resolved.
        #[arg(long)]
        note: Option<String>,
    },
    Reopen {
        #[arg(long)]
        id: String,
    },
    /// The open blockers past the project's threshold (recording any new escalation).
    Escalations(ProjectRef),
    /// Drafts the message to the escalation contact of the side a blocker waits on.
    EscalationDraft {
        #[arg(long)]
        id: String,
    },
}

pub fn blocker(ws: &mut Workspace, json: bool, cmd: BlockerCmd) -> Result {
    match cmd {
        BlockerCmd::Add { project, title, class, waiting_on, owner, opened, due } => {
            let b = ws.blockers_mut().add(
                &project.project,
                NewBlocker {
                    title,
                    class,
                    waiting_on,
                    owner,
                    opened: opened.map(|d| d.to_string()),
                    due: due.map(|d| d.to_string()),
                },
            )?;
            if json {
                output::json(&b);
            } else {
                println!(
                    "Added {} blocker \"{}\": {}\n  Move: {}{}",
                    b.class,
                    b.title,
                    b.id,
                    b.move_text,
                    if b.move_unmet { " (not met yet)" } else { "" }
                );
            }
        }
        BlockerCmd::List { project, open } => {
            let list = ws.blockers().list(&project.project, open)?;
            if json {
                output::json(&list);
            } else if list.is_empty() {
                println!("No blockers{}.", if open { " open" } else { "" });
            } else {
                output::table(
                    &["id", "title", "class", "waiting on", "owner", "age", "due", "state"],
                    list.into_iter()
                        .map(|b| {
                            let state = match (&b.resolved, b.escalated) {
                                (Some(d), _) => format!("resolved {d}"),
                                (None, true) => format!(
                                    "ESCALATED to {}",
                                    or_dash(Some(&b.escalate_to_name).filter(|n| !n.is_empty()))
                                ),
                                (None, false) => "open".into(),
                            };
                            vec![
                                b.id,
                                b.title,
                                b.class.to_string(),
                                b.waiting_on.to_string(),
                                b.owner_name,
                                format!("{} bd", b.age_business_days),
                                or_dash(b.due),
                                state,
                            ]
                        })
                        .collect(),
                );
            }
        }
        BlockerCmd::Update { id, title, class, waiting_on, owner, due } => {
            let b = ws.blockers_mut().update(&id, BlockerPatch { title, class, waiting_on, owner, due })?;
            if json {
                output::json(&b)
            } else {
                println!("Updated \"{}\".", b.title)
            }
        }
        BlockerCmd::Resolve { id, note } => {
            let b = ws.blockers_mut().resolve(&id, note.as_deref())?;
            if json {
                output::json(&b)
            } else {
                println!("Resolved \"{}\" after {} business days.", b.title, b.age_business_days)
            }
        }
        BlockerCmd::Reopen { id } => {
            let b = ws.blockers_mut().reopen(&id)?;
            if json {
                output::json(&b)
            } else {
                println!("Reopened \"{}\".", b.title)
            }
        }
        BlockerCmd::Escalations(r) => {
            ws.blockers_mut().record_escalations(&r.project)?;
            let list = ws.blockers().escalations(&r.project)?;
            if json {
                output::json(&list);
            } else if list.is_empty() {
                println!("Nothing has waited past the threshold.");
            } else {
                for b in list {
                    println!(
                        "{} ({}, {} business days, waiting on {}): escalate to {}",
                        b.title,
                        b.class,
                        b.age_business_days,
                        b.waiting_on,
                        if b.escalate_to_name.is_empty() {
                            "the side's escalation contact (not named yet)"
                        } else {
                            &b.escalate_to_name
                        }
                    );
                }
            }
        }
        BlockerCmd::EscalationDraft { id } => {
            let who = seamline_sync::Identity::of(ws);
            let d = ws.blockers().escalation_draft(&id, &who.user_name)?;
            if json {
                output::json(&d);
            } else {
                let to = match (&d.to_email, d.to_name.is_empty()) {
                    (Some(email), false) => format!("{} <{email}>", d.to_name),
                    (_, false) => d.to_name.clone(),
                    _ => "(no escalation contact named on that side yet)".into(),
                };
                println!("To: {to}\nSubject: {}\n\n{}", d.subject, d.body);
            }
        }
    }
    Ok(())
}
