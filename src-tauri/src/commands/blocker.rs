//! Blockers: the shared list, adding, editing, resolving, reopening; the CSV export.

use seamline_core::escalation::EscalationDraft;
use seamline_store::{Blocker, BlockerPatch, NewBlocker};
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

/// An open decision blocker, as the decision form offers it to answer.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct OpenDecision {
    pub id: String,
    pub title: String,
}

/// The open decision blockers, for the Cadence screen's decision form: their titles only (a
/// large project's whole blocker list is hundreds of KB that screen has no other use for).
#[tauri::command]
#[specta::specta]
pub async fn open_decisions(
    state: State<'_, AppState>,
    project_id: String,
) -> Result<Vec<OpenDecision>, ApiError> {
    Ok(state
        .workspace()
        .blockers()
        .list(&project_id, true)?
        .into_iter()
        .filter(|b| b.class == seamline_core::BlockerClass::Decision)
        .map(|b| OpenDecision { id: b.id, title: b.title })
        .collect())
}

#[tauri::command]
#[specta::specta]
pub async fn list_blockers(state: State<'_, AppState>, project_id: String) -> Result<Vec<Blocker>, ApiError> {
    Ok(state.workspace().blockers().list(&project_id, false)?)
}

#[tauri::command]
#[specta::specta]
pub async fn add_blocker(
    state: State<'_, AppState>,
    project_id: String,
    input: NewBlocker,
) -> Result<Blocker, ApiError> {
    let b = state.workspace().blockers_mut().add(&project_id, input)?;
    Ok(b)
}

#[tauri::command]
#[specta::specta]
pub async fn update_blocker(
    state: State<'_, AppState>,
    id: String,
    patch: BlockerPatch,
) -> Result<Blocker, ApiError> {
    let b = state.workspace().blockers_mut().update(&id, patch)?;
    Ok(b)
}

#[tauri::command]
#[specta::specta]
pub async fn resolve_blocker(
    state: State<'_, AppState>,
    id: String,
    note: Option<String>,
) -> Result<Blocker, ApiError> {
    let b = state.workspace().blockers_mut().resolve(&id, note.as_deref())?;
    Ok(b)
}

#[tauri::command]
#[specta::specta]
pub async fn reopen_blocker(state: State<'_, AppState>, id: String) -> Result<Blocker, ApiError> {
    let b = state.workspace().blockers_mut().reopen(&id)?;
    Ok(b)
}

/// Writes every blocker of the project as CSV to `path` (chosen in the save dialog).
#[tauri::command]
#[specta::specta]
pub async fn save_blockers_csv(
    state: State<'_, AppState>,
    project_id: String,
    path: String,
) -> Result<(), ApiError> {
    let text = state.workspace().blockers().csv(&project_id)?;
    super::write_file(std::path::Path::new(path.trim()), text)
}

/// The message to the escalation contact of the side a blocker waits on, to edit, copy or
/// open in the mail app.
#[tauri::command]
#[specta::specta]
pub async fn draft_escalation(state: State<'_, AppState>, id: String) -> Result<EscalationDraft, ApiError> {
    let ws = state.workspace();
    let who = seamline_sync::Identity::of(&ws);
    Ok(ws.blockers().escalation_draft(&id, &who.user_name)?)
}
