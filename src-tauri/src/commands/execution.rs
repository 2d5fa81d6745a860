//! Blockers, the RACI and the legal and build tracks.

use seamline_core::Side;
use seamline_store::{
    Blocker, BlockerPatch, Milestone, NewBlocker, NewMilestone, RaciCheck, Tracks, Workstream,
};
use serde::Serialize;
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn list_blockers(state: State<'_, AppState>, project_id: String) -> Result<Vec<Blocker>, ApiError> {
    Ok(state.workspace().blockers(&project_id, false)?)
}

#[tauri::command]
#[specta::specta]
pub async fn add_blocker(
    state: State<'_, AppState>,
    project_id: String,
    input: NewBlocker,
) -> Result<Blocker, ApiError> {
    let b = state.workspace().add_blocker(&project_id, input)?;
    state.request_sync(&b.project_id);
    Ok(b)
}

#[tauri::command]
#[specta::specta]
pub async fn update_blocker(
    state: State<'_, AppState>,
    id: String,
    patch: BlockerPatch,
) -> Result<Blocker, ApiError> {
    let b = state.workspace().update_blocker(&id, patch)?;
    state.request_sync(&b.project_id);
    Ok(b)
}

#[tauri::command]
#[specta::specta]
pub async fn resolve_blocker(
    state: State<'_, AppState>,
    id: String,
    note: Option<String>,
) -> Result<Blocker, ApiError> {
    let b = state.workspace().resolve_blocker(&id, note.as_deref())?;
    state.request_sync(&b.project_id);
    Ok(b)
}

#[tauri::command]
#[specta::specta]
pub async fn reopen_blocker(state: State<'_, AppState>, id: String) -> Result<Blocker, ApiError> {
    let b = state.workspace().reopen_blocker(&id)?;
    state.request_sync(&b.project_id);
    Ok(b)
}

/// The RACI grid with its problems, as the RACI screen shows it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RaciView {
    pub workstreams: Vec<Workstream>,
    pub check: RaciCheck,
}

fn raci_view(state: &AppState, project_id: &str) -> Result<RaciView, ApiError> {
    let ws = state.workspace();
    Ok(RaciView { workstreams: ws.raci(project_id)?, check: ws.check_raci(project_id)? })
}

/// Applies a RACI change, asks for a sync and returns the new grid.
fn raci_change(
    state: &AppState,
    project_id: &str,
    change: impl FnOnce(&mut seamline_store::Workspace) -> seamline_store::Result<()>,
) -> Result<RaciView, ApiError> {
    change(&mut state.workspace())?;
    state.request_sync(project_id);
    raci_view(state, project_id)
}

#[tauri::command]
#[specta::specta]
pub async fn get_raci(state: State<'_, AppState>, project_id: String) -> Result<RaciView, ApiError> {
    raci_view(&state, &project_id)
}

#[tauri::command]
#[specta::specta]
pub async fn set_raci_cell(
    state: State<'_, AppState>,
    project_id: String,
    workstream_id: String,
    side: Side,
    letter: String,
    person_id: String,
) -> Result<RaciView, ApiError> {
    raci_change(&state, &project_id, |ws| {
        ws.set_raci(&project_id, &workstream_id, side, &letter, &person_id).map(drop)
    })
}

#[tauri::command]
#[specta::specta]
pub async fn clear_raci_cell(
    state: State<'_, AppState>,
    project_id: String,
    workstream_id: String,
    side: Side,
) -> Result<RaciView, ApiError> {
    raci_change(&state, &project_id, |ws| ws.clear_raci(&project_id, &workstream_id, side))
}

#[tauri::command]
#[specta::specta]
pub async fn add_workstream(
    state: State<'_, AppState>,
    project_id: String,
    name: String,
) -> Result<RaciView, ApiError> {
    raci_change(&state, &project_id, |ws| ws.add_workstream(&project_id, &name).map(drop))
}

#[tauri::command]
#[specta::specta]
pub async fn rename_workstream(
    state: State<'_, AppState>,
    project_id: String,
    workstream_id: String,
    name: String,
) -> Result<RaciView, ApiError> {
    raci_change(&state, &project_id, |ws| ws.rename_workstream(&project_id, &workstream_id, &name))
}

#[tauri::command]
#[specta::specta]
pub async fn move_workstream(
    state: State<'_, AppState>,
    project_id: String,
    workstream_id: String,
    index: u32,
) -> Result<RaciView, ApiError> {
    raci_change(&state, &project_id, |ws| ws.move_workstream(&project_id, &workstream_id, index))
}

#[tauri::command]
#[specta::specta]
pub async fn remove_workstream(
    state: State<'_, AppState>,
    project_id: String,
    workstream_id: String,
) -> Result<RaciView, ApiError> {
    raci_change(&state, &project_id, |ws| ws.remove_workstream(&project_id, &workstream_id))
}

#[tauri::command]
#[specta::specta]
pub async fn get_tracks(state: State<'_, AppState>, project_id: String) -> Result<Tracks, ApiError> {
    Ok(state.workspace().tracks(&project_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn add_milestone(
    state: State<'_, AppState>,
    project_id: String,
    input: NewMilestone,
) -> Result<Milestone, ApiError> {
    let m = state.workspace().add_milestone(&project_id, input)?;
    state.request_sync(&m.project_id);
    Ok(m)
}

/// Marks a milestone done; go-live and the listing are refused (`GateClosed`) until the
/// agreement is signed.
#[tauri::command]
#[specta::specta]
pub async fn complete_milestone(
    state: State<'_, AppState>,
    id: String,
    on: Option<String>,
) -> Result<Milestone, ApiError> {
    let m = state.workspace().complete_milestone(&id, on.as_deref())?;
    state.request_sync(&m.project_id);
    Ok(m)
}

#[tauri::command]
#[specta::specta]
pub async fn reopen_milestone(state: State<'_, AppState>, id: String) -> Result<Milestone, ApiError> {
    let m = state.workspace().reopen_milestone(&id)?;
    state.request_sync(&m.project_id);
    Ok(m)
}

#[tauri::command]
#[specta::specta]
pub async fn reschedule_milestone(
    state: State<'_, AppState>,
    id: String,
    planned: String,
) -> Result<Milestone, ApiError> {
    let m = state.workspace().reschedule_milestone(&id, &planned)?;
    state.request_sync(&m.project_id);
    Ok(m)
}

/// Writes every blocker of the project as CSV to `path` (chosen in the save dialog).
#[tauri::command]
#[specta::specta]
pub async fn save_blockers_csv(
    state: State<'_, AppState>,
    project_id: String,
    path: String,
) -> Result<(), ApiError> {
    let text = state.workspace().blockers_csv(&project_id)?;
    super::write_file(std::path::Path::new(path.trim()), text)
}

/// Writes the project's dated milestones as an iCalendar file to `path`.
#[tauri::command]
#[specta::specta]
pub async fn save_milestones_ics(
    state: State<'_, AppState>,
    project_id: String,
    path: String,
) -> Result<(), ApiError> {
    let text = state.workspace().milestones_ics(&project_id)?;
    super::write_file(std::path::Path::new(path.trim()), text)
}
