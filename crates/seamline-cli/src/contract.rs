//! `contract`: terms, field mapping and auth scopes, and its Markdown for the partner.

use clap::Subcommand;
use seamline_core::{Direction, Side};
use seamline_store::Workspace;
use seamline_store::{MappingInput, ScopeInput, TermsPatch};

use crate::error::Result;
use crate::output::{self, or_dash};
use crate::parse::{enum_of, or_blank, OrBlank, ProjectRef};

#[derive(Subcommand, Debug)]
pub enum ContractCmd {
    /// The contract with its problems; --markdown prints it as the partner gets it.
    Show {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long)]
        markdown: bool,
    },
    /// Set the terms; an empty value clears one.
    Set {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long)]
        objects: Option<String>,
        /// partner-to-ours, ours-to-partner or two-way; "" clears it.
        #[arg(long, value_parser = or_blank(enum_of::<Direction>))]
        direction: Option<OrBlank<Direction>>,
        #[arg(long)]
        latency: Option<String>,
        #[arg(long)]
        retry_window: Option<String>,
        #[arg(long)]
        alerting: Option<String>,
        #[arg(long)]
        auth_method: Option<String>,
        #[arg(long)]
        idempotency_key: Option<String>,
        #[arg(long)]
        notes: Option<String>,
    },
    /// Add a row to the field-mapping table.
    Map {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long, default_value = "")]
        object: String,
        #[arg(long)]
        partner_field: String,
        #[arg(long, default_value = "")]
        partner_type: String,
        #[arg(long)]
        our_field: String,
        #[arg(long, default_value = "")]
        our_type: String,
        #[arg(long, default_value = "")]
        allowed_values: String,
        /// e.g. "low=3, med=2, high=1"
        #[arg(long, default_value = "")]
        value_map: String,
        #[arg(long = "default", default_value = "")]
        default_value: String,
        #[arg(long, value_parser = enum_of::<Side>)]
        source_of_truth: Option<Side>,
    },
    /// Remove a field-mapping row.
    Unmap {
        #[arg(long)]
        id: String,
    },
    /// Add an auth scope with what it allows and why it is needed.
    Scope {
        #[command(flatten)]
        project: ProjectRef,
        #[arg(long)]
        scope: String,
        #[arg(long, default_value = "")]
        description: String,
        #[arg(long, default_value = "")]
        justification: String,
    },
    /// Remove an auth scope.
    Unscope {
        #[arg(long)]
        id: String,
    },
}

pub fn contract(ws: &mut Workspace, json: bool, cmd: ContractCmd) -> Result {
    let c = match cmd {
        ContractCmd::Show { project, markdown: true } => {
            print!("{}", ws.contract().markdown(&project.project)?);
            return Ok(());
        }
        ContractCmd::Show { project, markdown: false } => ws.contract().get(&project.project)?,
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
        } => ws.contract_mut().update(
            &project.project,
            TermsPatch {
                objects,
                direction: direction.map(|d| d.0),
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
        } => ws.contract_mut().add_mapping(
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
                source_of_truth,
            },
        )?,
        ContractCmd::Unmap { id } => ws.contract_mut().remove_mapping(&id)?,
        ContractCmd::Scope { project, scope, description, justification } => ws
            .contract_mut()
            .add_auth_scope(&project.project, ScopeInput { scope, description, justification })?,
        ContractCmd::Unscope { id } => ws.contract_mut().remove_auth_scope(&id)?,
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
