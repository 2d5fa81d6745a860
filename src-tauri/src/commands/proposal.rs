//! Suggestions of a change to the other company's facts, and the answers to them.

use seamline_store::{Proposal, Suggestion};
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

/// The project's suggestions, open ones first.
#[tauri::command]
#[specta::specta]
pub async fn list_proposals(
    state: State<'_, AppState>,
    project_id: String,
) -> Result<Vec<Proposal>, ApiError> {
    Ok(state.workspace().proposals().list(&project_id)?)
}

/// Suggests a change of the other company's facts to it.
#[tauri::command]
#[specta::specta]
pub async fn propose(
    state: State<'_, AppState>,
    project_id: String,
    suggestion: Suggestion,
    note: Option<String>,
) -> Result<Proposal, ApiError> {
    Ok(state.workspace().proposals_mut().propose(&project_id, suggestion, note.as_deref())?)
}

/// Accepts the other company's suggestion: its change becomes this device's own edit.
#[tauri::command]
#[specta::specta]
pub async fn accept_proposal(state: State<'_, AppState>, id: String) -> Result<Proposal, ApiError> {
    Ok(state.workspace().proposals_mut().accept(&id)?)
}

/// Declines the other company's suggestion; it sees that.
#[tauri::command]
#[specta::specta]
pub async fn decline_proposal(state: State<'_, AppState>, id: String) -> Result<Proposal, ApiError> {
    Ok(state.workspace().proposals_mut().decline(&id)?)
}
