//! `milestone`: legal and build milestones and the agreement gate.

use chrono::NaiveDate;
use clap::Subcommand;
use seamline_core::{MilestoneKind, Track};
use seamline_store::NewMilestone;
use seamline_store::Workspace;

use crate::error::Result;
use crate::output::{self, or_dash};
use crate::parse::{date, enum_of, ProjectRef};

#[derive(Subcommand, Debug)]
pub enum MilestoneCmd {
    Add {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, value_parser = enum_of::<Track>)]
        track: Track,
        #[arg(long, value_parser = enum_of::<MilestoneKind>)]
        kind: MilestoneKind,
        #[arg(long)]
        title: Option<String>,
        #[arg(long, value_parser = date, value_name = "YYYY-MM-DD")]
        planned: Option<NaiveDate>,
    },
    /// Mark done (go-live and the listing: only once the agreement is signed).
    Done {
        #[arg(long)]
        id: String,
        #[arg(long, value_parser = date, value_name = "YYYY-MM-DD")]
        on: Option<NaiveDate>,
    },
    Reopen {
        #[arg(long)]
        id: String,
    },
    /// Rename or reschedule a milestone.
    Update {
        #[arg(long)]
        id: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long, value_parser = date, value_name = "YYYY-MM-DD")]
        planned: Option<NaiveDate>,
    },
    List(ProjectRef),
}

pub fn milestone(ws: &mut Workspace, json: bool, cmd: MilestoneCmd) -> Result {
    match cmd {
        MilestoneCmd::Add { project, track, kind, title, planned } => {
            let m = ws.milestones_mut().add(
                &project.project,
                NewMilestone { track, kind, title, planned: planned.map(|d| d.to_string()) },
            )?;
            if json {
                output::json(&m)
            } else {
                println!("Added {} milestone \"{}\": {}", m.track, m.title, m.id)
            }
        }
        MilestoneCmd::Done { id, on } => {
            let m = ws.milestones_mut().complete(&id, on)?;
            if json {
                output::json(&m)
            } else {
                println!("\"{}\" done on {}.", m.title, or_dash(m.done))
            }
        }
        MilestoneCmd::Reopen { id } => {
            let m = ws.milestones_mut().reopen(&id)?;
            if json {
                output::json(&m)
            } else {
                println!("\"{}\" is open again.", m.title)
            }
        }
        MilestoneCmd::Update { id, title, planned } => {
            // Both checked before either is written: a bad title leaves the date alone too.
            if let Some(t) = &title {
                seamline_core::validate::name("title", t).map_err(seamline_store::Error::from)?;
            }
            let mut m = ws.milestones().get(&id)?;
            if let Some(t) = &title {
                m = ws.milestones_mut().rename(&id, t)?;
            }
            if let Some(d) = planned {
                m = ws.milestones_mut().reschedule(&id, Some(d))?;
            }
            if json {
                output::json(&m)
            } else {
                println!("\"{}\" planned for {}.", m.title, or_dash(m.planned))
            }
        }
        MilestoneCmd::List(r) => {
            let tracks = ws.milestones().tracks(&r.project)?;
            if json {
                output::json(&tracks.milestones);
            } else {
                output::table(
                    &["id", "track", "milestone", "planned", "done"],
                    tracks
                        .milestones
                        .into_iter()
                        .map(|m| {
                            let title = if m.gated && m.done.is_none() {
                                format!("{} (waits for the agreement)", m.title)
                            } else {
                                m.title
                            };
                            vec![m.id, m.track.to_string(), title, or_dash(m.planned), or_dash(m.done)]
                        })
                        .collect(),
                );
                if let Some(w) = tracks.weeks_saved {
                    println!(
                        "Running legal and build in parallel saves {w} weeks against running them in series."
                    );
                }
            }
        }
    }
    Ok(())
}
