//! Kickoff: the scope and its signatures, the integration contract, the checklists, and what
//! the wizard needs (its saved step, the archetype's guide, the milestone plan). Each screen
//! sends one typed edit and gets the whole, fresh view back, so it never shows a stale mix.

use seamline_core::kickoff::{Guide, PlannedMilestone};
use seamline_core::{Side, WizardStep};
use seamline_store::milestone::{Milestone, NewMilestone};
use seamline_store::{ChecklistItem, Contract, MappingInput, Scope, ScopeInput, TermsPatch};
use serde::Deserialize;
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

/// One change to a project's scope.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ScopeEdit {
    AddStory {
        text: String,
    },
    EditStory {
        id: String,
        text: String,
    },
    RemoveStory {
        id: String,
    },
    AddStep {
        side: Side,
        text: String,
    },
    EditStep {
        id: String,
        side: Side,
        text: String,
    },
    /// `index` 0 is first.
    MoveStep {
        id: String,
        index: u32,
    },
    RemoveStep {
        id: String,
    },
    /// `cut` is v1 or v1.1; `story` files it under a user story.
    AddCriterion {
        text: String,
        cut: String,
        story: Option<String>,
    },
    /// `story`: `None` leaves it, `""` takes the criterion out of its story.
    EditCriterion {
        id: String,
        text: String,
        story: Option<String>,
    },
    CutCriterion {
        id: String,
        cut: String,
    },
    RemoveCriterion {
        id: String,
    },
    AddBoundary {
        text: String,
    },
    EditBoundary {
        id: String,
        text: String,
    },
    RemoveBoundary {
        id: String,
    },
    Sign {
        side: Side,
        person_id: String,
    },
    Unsign {
        side: Side,
    },
}

#[tauri::command]
#[specta::specta]
pub async fn get_scope(state: State<'_, AppState>, project_id: String) -> Result<Scope, ApiError> {
    Ok(state.workspace().scope(&project_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn edit_scope(
    state: State<'_, AppState>,
    project_id: String,
    edit: ScopeEdit,
) -> Result<Scope, ApiError> {
    let scope = {
        let mut ws = state.workspace();
        let p = ws.project(&project_id)?.id;
        match edit {
            ScopeEdit::AddStory { text } => drop(ws.add_story(&p, &text)?),
            ScopeEdit::EditStory { id, text } => drop(ws.update_story(&id, &text)?),
            ScopeEdit::RemoveStory { id } => ws.remove_story(&id)?,
            ScopeEdit::AddStep { side, text } => drop(ws.add_workflow_step(&p, side, &text)?),
            ScopeEdit::EditStep { id, side, text } => drop(ws.update_workflow_step(&id, side, &text)?),
            ScopeEdit::MoveStep { id, index } => ws.move_workflow_step(&id, index)?,
            ScopeEdit::RemoveStep { id } => ws.remove_workflow_step(&id)?,
            ScopeEdit::AddCriterion { text, cut, story } => {
                drop(ws.add_criterion(&p, &text, &cut, story.as_deref())?)
            }
            ScopeEdit::EditCriterion { id, text, story } => {
                drop(ws.update_criterion(&id, &text, story.as_deref())?)
            }
            ScopeEdit::CutCriterion { id, cut } => drop(ws.cut_criterion(&id, &cut)?),
            ScopeEdit::RemoveCriterion { id } => ws.remove_criterion(&id)?,
            ScopeEdit::AddBoundary { text } => drop(ws.add_boundary(&p, &text)?),
            ScopeEdit::EditBoundary { id, text } => drop(ws.update_boundary(&id, &text)?),
            ScopeEdit::RemoveBoundary { id } => ws.remove_boundary(&id)?,
            ScopeEdit::Sign { side, person_id } => drop(ws.sign_scope(&p, side, &person_id)?),
            ScopeEdit::Unsign { side } => ws.unsign_scope(&p, side)?,
        }
        ws.scope(&p)?
    };
    state.request_sync(&project_id);
    Ok(scope)
}

/// One change to a project's integration contract.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ContractEdit {
    Terms { patch: TermsPatch },
    AddMapping { input: MappingInput },
    EditMapping { id: String, input: MappingInput },
    RemoveMapping { id: String },
    AddScope { input: ScopeInput },
    EditScope { id: String, input: ScopeInput },
    RemoveScope { id: String },
}

#[tauri::command]
#[specta::specta]
pub async fn get_contract(state: State<'_, AppState>, project_id: String) -> Result<Contract, ApiError> {
    Ok(state.workspace().contract(&project_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn edit_contract(
    state: State<'_, AppState>,
    project_id: String,
    edit: ContractEdit,
) -> Result<Contract, ApiError> {
    let contract = {
        let mut ws = state.workspace();
        let p = ws.project(&project_id)?.id;
        match edit {
            ContractEdit::Terms { patch } => ws.update_contract(&p, patch)?,
            ContractEdit::AddMapping { input } => ws.add_mapping(&p, input)?,
            ContractEdit::EditMapping { id, input } => ws.update_mapping(&id, input)?,
            ContractEdit::RemoveMapping { id } => ws.remove_mapping(&id)?,
            ContractEdit::AddScope { input } => ws.add_auth_scope(&p, input)?,
            ContractEdit::EditScope { id, input } => ws.update_auth_scope(&id, input)?,
            ContractEdit::RemoveScope { id } => ws.remove_auth_scope(&id)?,
        }
    };
    state.request_sync(&project_id);
    Ok(contract)
}

/// The contract as Markdown, for the partner (the screen copies it or saves it).
#[tauri::command]
#[specta::specta]
pub async fn contract_markdown(state: State<'_, AppState>, project_id: String) -> Result<String, ApiError> {
    Ok(state.workspace().contract_markdown(&project_id)?)
}

/// One change to a project's checklists.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ChecklistEdit {
    /// `list`: app-review, test-cases, rollout or runbook.
    Add {
        list: String,
        text: String,
    },
    Check {
        id: String,
        done: bool,
    },
    /// `None` leaves a part alone; an empty note clears it.
    Edit {
        id: String,
        text: Option<String>,
        note: Option<String>,
    },
    Remove {
        id: String,
    },
}

#[tauri::command]
#[specta::specta]
pub async fn list_checklists(
    state: State<'_, AppState>,
    project_id: String,
) -> Result<Vec<ChecklistItem>, ApiError> {
    Ok(state.workspace().checklists(&project_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn edit_checklist(
    state: State<'_, AppState>,
    project_id: String,
    edit: ChecklistEdit,
) -> Result<Vec<ChecklistItem>, ApiError> {
    let items = {
        let mut ws = state.workspace();
        let p = ws.project(&project_id)?.id;
        match edit {
            ChecklistEdit::Add { list, text } => drop(ws.add_checklist_item(&p, &list, &text)?),
            ChecklistEdit::Check { id, done } => drop(ws.check_item(&id, done)?),
            ChecklistEdit::Edit { id, text, note } => {
                drop(ws.update_checklist_item(&id, text.as_deref(), note.as_deref())?)
            }
            ChecklistEdit::Remove { id } => ws.remove_checklist_item(&id)?,
        }
        ws.checklists(&p)?
    };
    state.request_sync(&project_id);
    Ok(items)
}

/// Saves where the lead is in the kickoff wizard.
#[tauri::command]
#[specta::specta]
pub async fn set_wizard_step(
    state: State<'_, AppState>,
    project_id: String,
    step: WizardStep,
) -> Result<(), ApiError> {
    state.workspace().set_wizard_step(&project_id, step)?;
    state.request_sync(&project_id);
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn get_guide(state: State<'_, AppState>, project_id: String) -> Result<Guide, ApiError> {
    Ok(state.workspace().guide(&project_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn get_milestone_plan(
    state: State<'_, AppState>,
    project_id: String,
) -> Result<Vec<PlannedMilestone>, ApiError> {
    Ok(state.workspace().milestone_plan(&project_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn add_milestones(
    state: State<'_, AppState>,
    project_id: String,
    milestones: Vec<NewMilestone>,
) -> Result<Vec<Milestone>, ApiError> {
    let added = state.workspace().add_milestones(&project_id, milestones)?;
    state.request_sync(&project_id);
    Ok(added)
}

/// Names each side's owner in the RACI cells still without a person; returns how many.
#[tauri::command]
#[specta::specta]
pub async fn fill_raci_with_owners(state: State<'_, AppState>, project_id: String) -> Result<u32, ApiError> {
    let n = state.workspace().fill_raci_with_owners(&project_id)?;
    state.request_sync(&project_id);
    Ok(n)
}
