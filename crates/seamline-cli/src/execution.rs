//! The command's blocker, RACI, milestone and export forms.

use seamline_store::{BlockerPatch, NewBlocker, NewMilestone, Workspace};
use serde_json::json;

use crate::args::{BlockerCmd, ExportCmd, MilestoneCmd, RaciCmd};
use crate::output::{self, or_dash};
use crate::run::{Error, Result};

pub fn blocker(ws: &mut Workspace, json: bool, cmd: BlockerCmd) -> Result {
    match cmd {
        BlockerCmd::Add { project, title, class, waiting_on, owner, opened, due } => {
            let b = ws.add_blocker(
                &project.project,
                NewBlocker {
                    title,
                    class: class.as_str().into(),
                    waiting_on: waiting_on.as_str().into(),
                    owner,
                    opened: opened.map(|d| d.to_string()),
                    due: due.map(|d| d.to_string()),
                },
            )?;
            if json {
                output::json(&b);
            } else {
                println!("Added {} blocker \"{}\": {}\n  Move: {}", b.class, b.title, b.id, b.move_text);
                for f in &b.flags {
                    println!("  Note: {f}");
                }
            }
        }
        BlockerCmd::List { project, open } => {
            let list = ws.blockers(&project.project, open)?;
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
            let b = ws.update_blocker(
                &id,
                BlockerPatch {
                    title,
                    class: class.map(|c| c.as_str().into()),
                    waiting_on: waiting_on.map(|s| s.as_str().into()),
                    owner,
                    due,
                },
            )?;
            if json {
                output::json(&b)
            } else {
                println!("Updated \"{}\".", b.title)
            }
        }
        BlockerCmd::Resolve { id, note } => {
            let b = ws.resolve_blocker(&id, note.as_deref())?;
            if json {
                output::json(&b)
            } else {
                println!("Resolved \"{}\" after {} business days.", b.title, b.age_business_days)
            }
        }
        BlockerCmd::Reopen { id } => {
            let b = ws.reopen_blocker(&id)?;
            if json {
                output::json(&b)
            } else {
                println!("Reopened \"{}\".", b.title)
            }
        }
        BlockerCmd::Escalations(r) => {
            ws.record_escalations(&r.project)?;
            let list = ws.escalations(&r.project)?;
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
    }
    Ok(())
}

pub fn raci(ws: &mut Workspace, json: bool, cmd: RaciCmd) -> Result {
    match cmd {
        RaciCmd::Set { project, workstream, side, letter, person } => {
            let w = ws.set_raci(&project.project, &workstream, side, letter.as_str(), &person)?;
            if json {
                output::json(&w)
            } else {
                println!("{}: {} side is {}.", w.workstream, side, letter.label())
            }
        }
        RaciCmd::List(r) => {
            let rows = ws.raci(&r.project)?;
            if json {
                output::json(&rows);
            } else {
                let cell = |c: &Option<seamline_store::RaciCell>| match c {
                    Some(c) => format!(
                        "{} {}",
                        c.letter,
                        if c.person_name.is_empty() { "—" } else { &c.person_name }
                    ),
                    None => "—".into(),
                };
                output::table(
                    &["workstream", "ours", "partner"],
                    rows.iter()
                        .map(|w| vec![w.workstream.clone(), cell(&w.ours), cell(&w.partner)])
                        .collect(),
                );
            }
        }
        RaciCmd::Check(r) => {
            let check = ws.check_raci(&r.project)?;
            if json {
                output::json(&json!({ "ok": check.ok, "problems": check.problems }));
            } else if check.ok {
                println!("Every workstream is owned on both sides.");
            } else {
                for p in &check.problems {
                    println!("- {p}");
                }
            }
        }
        RaciCmd::Remove { project, workstream } => {
            ws.remove_workstream(&project.project, &workstream)?;
            if json {
                output::json(&json!({ "removed": workstream }))
            } else {
                println!("Removed \"{workstream}\".")
            }
        }
    }
    Ok(())
}

pub fn milestone(ws: &mut Workspace, json: bool, cmd: MilestoneCmd) -> Result {
    match cmd {
        MilestoneCmd::Add { project, track, kind, title, planned } => {
            let m = ws.add_milestone(
                &project.project,
                NewMilestone {
                    track: track.as_str().into(),
                    kind: kind.as_str().into(),
                    title,
                    planned: planned.map(|d| d.to_string()),
                },
            )?;
            if json {
                output::json(&m)
            } else {
                println!("Added {} milestone \"{}\": {}", m.track, m.title, m.id)
            }
        }
        MilestoneCmd::Done { id, on } => {
            let m = ws.complete_milestone(&id, on.map(|d| d.to_string()).as_deref())?;
            if json {
                output::json(&m)
            } else {
                println!("\"{}\" done on {}.", m.title, or_dash(m.done))
            }
        }
        MilestoneCmd::Reopen { id } => {
            let m = ws.reopen_milestone(&id)?;
            if json {
                output::json(&m)
            } else {
                println!("\"{}\" is open again.", m.title)
            }
        }
        MilestoneCmd::List(r) => {
            let tracks = ws.tracks(&r.project)?;
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

pub fn export(ws: &mut Workspace, cmd: ExportCmd) -> Result {
    let (text, out) = match cmd {
        ExportCmd::Blockers { project, out } => (ws.blockers_csv(&project.project)?, out),
        ExportCmd::Milestones { project, out } => (ws.milestones_ics(&project.project)?, out),
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
