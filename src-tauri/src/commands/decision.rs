//! The decision log.

use seamline_store::{Decision, DecisionPatch, NewDecision};
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn list_decisions(
    state: State<'_, AppState>,
    project_id: String,
) -> Result<Vec<Decision>, ApiError> {
    Ok(state.workspace().decisions().list(&project_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn record_decision(
    state: State<'_, AppState>,
    project_id: String,
    input: NewDecision,
) -> Result<Decision, ApiError> {
    let d = state.workspace().decisions_mut().record(&project_id, input)?;
    Ok(d)
}

/// Corrects a recorded decision (its words, who decided, when).
#[tauri::command]
#[specta::specta]
pub async fn update_decision(
    state: State<'_, AppState>,
    id: String,
    patch: DecisionPatch,
) -> Result<Decision, ApiError> {
    Ok(state.workspace().decisions_mut().update(&id, patch)?)
}
