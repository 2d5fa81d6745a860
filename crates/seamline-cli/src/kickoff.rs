//! The command's kickoff forms: the scope (stories, workflow, boundaries, signing), the
//! integration contract, the checklists and the wizard's step.

use seamline_core::{ChecklistKind, WizardStep};
use seamline_store::{MappingInput, ScopeInput, TermsPatch, Workspace};
use serde_json::json;

use crate::args::{ChecklistCmd, ContractCmd, ScopeCmd, TextCmd, WorkflowCmd};
use crate::output::{self, or_dash};
use crate::run::Result;

#[derive(Clone, Copy)]
pub enum TextList {
    Story,
    Boundary,
}

fn removed(json: bool, id: &str) {
    if json {
        output::json(&json!({ "removed": id }));
    } else {
        println!("Removed.");
    }
}

pub fn text_list(ws: &mut Workspace, json: bool, list: TextList, cmd: TextCmd) -> Result {
    let item = match (list, cmd) {
        (TextList::Story, TextCmd::Add { project, text }) => ws.add_story(&project.project, &text)?,
        (TextList::Boundary, TextCmd::Add { project, text }) => ws.add_boundary(&project.project, &text)?,
        (TextList::Story, TextCmd::Edit { id, text }) => ws.update_story(&id, &text)?,
        (TextList::Boundary, TextCmd::Edit { id, text }) => ws.update_boundary(&id, &text)?,
        (_, TextCmd::Remove { id }) => {
            match list {
                TextList::Story => ws.remove_story(&id)?,
                TextList::Boundary => ws.remove_boundary(&id)?,
            }
            removed(json, &id);
            return Ok(());
        }
        (_, TextCmd::List(r)) => {
            let items = match list {
                TextList::Story => ws.stories(&r.project)?,
                TextList::Boundary => ws.boundaries(&r.project)?,
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
            let step = ws.add_workflow_step(&project.project, side, &text)?;
            if json {
                output::json(&step);
            } else {
                println!("{} ({}): {}", step.text, step.side, step.id);
            }
            return Ok(());
        }
        WorkflowCmd::Move { id, to } => {
            ws.move_workflow_step(&id, to.saturating_sub(1))?;
            None
        }
        WorkflowCmd::Remove { id } => {
            ws.remove_workflow_step(&id)?;
            removed(json, &id);
            return Ok(());
        }
        WorkflowCmd::List(r) => Some(r.project),
    };
    if let Some(project) = project {
        let steps = ws.workflow(&project)?;
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
        ScopeCmd::Sign { project, side, person } => {
            let s = ws.sign_scope(&project.project, side, &person)?;
            if json {
                output::json(&s);
            } else {
                println!("Signed for the {} side by {} at {}.", s.side, s.person_name, s.signed_at);
            }
        }
        ScopeCmd::Unsign { project, side } => {
            ws.unsign_scope(&project.project, side)?;
            if json {
                output::json(&json!({ "withdrawn": side }));
            } else {
                println!("The {side} side's signature is withdrawn.");
            }
        }
        ScopeCmd::Show(r) => {
            let s = ws.scope(&r.project)?;
            if json {
                let signatures: Vec<_> = s
                    .signatures
                    .iter()
                    .map(|g| {
                        json!({ "side": g.side, "person": g.person_id, "person_name": g.person_name,
                                "signed_at": g.signed_at, "stale": g.stale })
                    })
                    .collect();
                output::json(&json!({
                    "hash": s.hash, "signatures": signatures, "stories": s.stories, "workflow": s.workflow,
                    "criteria": s.criteria, "boundaries": s.boundaries, "moves": s.moves,
                }));
                return Ok(());
            }
            println!("Scope {}", &s.hash[..12]);
            for g in &s.signatures {
                let state = if g.stale { "STALE: the scope changed since; sign again" } else { "current" };
                println!("  signed for {} by {} at {} ({state})", g.side, g.person_name, g.signed_at);
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
            section("Workflow", s.workflow.into_iter().map(|x| format!("[{}] {}", x.side, x.text)).collect());
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

pub fn contract(ws: &mut Workspace, json: bool, cmd: ContractCmd) -> Result {
    let c = match cmd {
        ContractCmd::Show { project, markdown: true } => {
            print!("{}", ws.contract_markdown(&project.project)?);
            return Ok(());
        }
        ContractCmd::Show { project, markdown: false } => ws.contract(&project.project)?,
        ContractCmd::Set {
            project,
            objects,
            direction,
            latency,
            retry_window,
            alerting,
            auth_method,
            idempotency_key,
            notes,
        } => ws.update_contract(
            &project.project,
            TermsPatch {
                objects,
                direction,
                latency_target: latency,
                retry_window,
                alerting,
                auth_method,
                idempotency_key,
                notes,
            },
        )?,
        ContractCmd::Map {
            project,
            object,
            partner_field,
            partner_type,
            our_field,
            our_type,
            allowed_values,
            value_map,
            default_value,
            source_of_truth,
        } => ws.add_mapping(
            &project.project,
            MappingInput {
                object,
                partner_field,
                partner_type,
                our_field,
                our_type,
                allowed_values,
                value_map,
                default_value,
                source_of_truth: source_of_truth.map(|s| s.as_str().to_string()).unwrap_or_default(),
            },
        )?,
        ContractCmd::Unmap { id } => ws.remove_mapping(&id)?,
        ContractCmd::Scope { project, scope, description, justification } => {
            ws.add_auth_scope(&project.project, ScopeInput { scope, description, justification })?
        }
        ContractCmd::Unscope { id } => ws.remove_auth_scope(&id)?,
    };
    if json {
        output::json(&c);
        return Ok(());
    }
    let t = &c.terms;
    for (label, v) in [
        ("Objects", &t.objects),
        ("Latency target", &t.latency_target),
        ("Retry window", &t.retry_window),
        ("Alerting", &t.alerting),
        ("Auth method", &t.auth_method),
        ("Idempotency key", &t.idempotency_key),
    ] {
        println!("{label:<16} {}", if v.is_empty() { "—" } else { v });
    }
    println!("{:<16} {}", "Direction", or_dash(t.direction.map(|d| d.label())));
    output::table(
        &["id", "object", "partner field", "our field", "source of truth"],
        c.mappings
            .iter()
            .map(|m| {
                vec![
                    m.id.clone(),
                    m.object.clone(),
                    m.partner_field.clone(),
                    m.our_field.clone(),
                    or_dash(m.source_of_truth),
                ]
            })
            .collect(),
    );
    output::table(
        &["id", "scope", "what it allows", "why"],
        c.scopes
            .iter()
            .map(|s| vec![s.id.clone(), s.scope.clone(), s.description.clone(), s.justification.clone()])
            .collect(),
    );
    if c.problems.is_empty() {
        println!("No problems.");
    } else {
        println!("Problems:");
        for p in &c.problems {
            println!("  {} ({}): {}", p.row.as_deref().unwrap_or("terms"), p.field, p.message);
        }
    }
    Ok(())
}

pub fn checklist(ws: &mut Workspace, json: bool, cmd: ChecklistCmd) -> Result {
    let item = match cmd {
        ChecklistCmd::List { project, list } => {
            let items: Vec<_> = ws
                .checklists(&project.project)?
                .into_iter()
                .filter(|i| list.is_none_or(|l| i.list == l))
                .collect();
            if json {
                output::json(&items);
                return Ok(());
            }
            for kind in ChecklistKind::ALL {
                let of: Vec<_> = items.iter().filter(|i| i.list == *kind).collect();
                if of.is_empty() {
                    continue;
                }
                println!("{} ({} of {} done)", kind.label(), of.iter().filter(|i| i.done).count(), of.len());
                for i in of {
                    let note = if i.note.is_empty() { String::new() } else { format!(" — {}", i.note) };
                    println!("  [{}] {}{note}  {}", if i.done { "x" } else { " " }, i.text, i.id);
                }
            }
            return Ok(());
        }
        ChecklistCmd::Add { project, list, text } => {
            ws.add_checklist_item(&project.project, list.as_str(), &text)?
        }
        ChecklistCmd::Check { id } => ws.check_item(&id, true)?,
        ChecklistCmd::Uncheck { id } => ws.check_item(&id, false)?,
        ChecklistCmd::Edit { id, text, note } => {
            ws.update_checklist_item(&id, text.as_deref(), note.as_deref())?
        }
        ChecklistCmd::Remove { id } => {
            ws.remove_checklist_item(&id)?;
            removed(json, &id);
            return Ok(());
        }
    };
    if json {
        output::json(&item);
    } else {
        println!("[{}] {}: {}", if item.done { "x" } else { " " }, item.text, item.id);
    }
    Ok(())
}

pub fn wizard(ws: &mut Workspace, json: bool, project: &str, step: Option<WizardStep>) -> Result {
    if let Some(step) = step {
        ws.set_wizard_step(project, step)?;
    }
    let p = ws.project(project)?;
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
