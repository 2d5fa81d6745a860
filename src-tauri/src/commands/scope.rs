//! The scope: one typed edit at a time (`ScopeEdit`), the whole fresh scope back.

use seamline_core::Side;
use seamline_store::{Criterion, Scope};
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
        cut: seamline_core::Cut,
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
        cut: seamline_core::Cut,
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
    /// Signs for this device's company (as `person_id`, else the user), or records the other
    /// company's signature given outside the app (`recorded`: how).
    Sign {
        side: Side,
        person_id: Option<String>,
        recorded: Option<String>,
    },
    Unsign {
        side: Side,
    },
}

#[tauri::command]
#[specta::specta]
pub async fn get_scope(state: State<'_, AppState>, project_id: String) -> Result<Scope, ApiError> {
    Ok(state.workspace().scope().get(&project_id)?)
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
        let p = ws.projects().get(&project_id)?.id;
        match edit {
            ScopeEdit::AddStory { text } => drop(ws.scope_mut().add_story(&p, &text)?),
            ScopeEdit::EditStory { id, text } => drop(ws.scope_mut().update_story(&id, &text)?),
            ScopeEdit::RemoveStory { id } => ws.scope_mut().remove_story(&id)?,
            ScopeEdit::AddStep { side, text } => drop(ws.scope_mut().add_workflow_step(&p, side, &text)?),
            ScopeEdit::EditStep { id, side, text } => {
                drop(ws.scope_mut().update_workflow_step(&id, side, &text)?)
            }
            ScopeEdit::MoveStep { id, index } => ws.scope_mut().move_workflow_step(&id, index)?,
            ScopeEdit::RemoveStep { id } => ws.scope_mut().remove_workflow_step(&id)?,
            ScopeEdit::AddCriterion { text, cut, story } => {
                drop(ws.scope_mut().add_criterion(&p, &text, cut, story.as_deref())?)
            }
            ScopeEdit::EditCriterion { id, text, story } => {
                drop(ws.scope_mut().update_criterion(&id, &text, story.as_deref())?)
            }
            ScopeEdit::CutCriterion { id, cut } => drop(ws.scope_mut().cut_criterion(&id, cut)?),
            ScopeEdit::RemoveCriterion { id } => ws.scope_mut().remove_criterion(&id)?,
            ScopeEdit::AddBoundary { text } => drop(ws.scope_mut().add_boundary(&p, &text)?),
            ScopeEdit::EditBoundary { id, text } => drop(ws.scope_mut().update_boundary(&id, &text)?),
            ScopeEdit::RemoveBoundary { id } => ws.scope_mut().remove_boundary(&id)?,
            ScopeEdit::Sign { side, person_id, recorded } => {
                drop(ws.scope_mut().sign(&p, side, person_id.as_deref(), recorded.as_deref())?)
            }
            ScopeEdit::Unsign { side } => ws.scope_mut().unsign(&p, side)?,
        }
        ws.scope().get(&p)?
    };
    Ok(scope)
}

/// Moves a criterion across the cut line (applying one item of the cut proposal).
#[tauri::command]
#[specta::specta]
pub async fn cut_criterion(
    state: State<'_, AppState>,
    id: String,
    cut: seamline_core::Cut,
) -> Result<Criterion, ApiError> {
    Ok(state.workspace().scope_mut().cut_criterion(&id, cut)?)
}
