//! The two-company RACI: cells, workstreams, and filling it with each side's owner.

use seamline_core::Side;
use seamline_store::{RaciCheck, Workstream};
use serde::Serialize;
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

/// The RACI grid with its problems, as the RACI screen shows it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RaciView {
    pub workstreams: Vec<Workstream>,
    pub check: RaciCheck,
}

fn raci_view(state: &AppState, project_id: &str) -> Result<RaciView, ApiError> {
    let ws = state.workspace();
    Ok(RaciView { workstreams: ws.raci().get(project_id)?, check: ws.raci().check(project_id)? })
}

/// Applies a RACI change, asks for a sync and returns the new grid.
fn raci_change(
    state: &AppState,
    project_id: &str,
    change: impl FnOnce(&mut seamline_store::Workspace) -> seamline_store::Result<()>,
) -> Result<RaciView, ApiError> {
    change(&mut state.workspace())?;
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
    letter: seamline_core::RaciLetter,
    person_id: String,
) -> Result<RaciView, ApiError> {
    raci_change(&state, &project_id, |ws| {
        ws.raci_mut().set_cell(&project_id, &workstream_id, side, letter, &person_id).map(drop)
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
    raci_change(&state, &project_id, |ws| ws.raci_mut().clear_cell(&project_id, &workstream_id, side))
}

#[tauri::command]
#[specta::specta]
pub async fn add_workstream(
    state: State<'_, AppState>,
    project_id: String,
    name: String,
) -> Result<RaciView, ApiError> {
    raci_change(&state, &project_id, |ws| ws.raci_mut().add_workstream(&project_id, &name).map(drop))
}

#[tauri::command]
#[specta::specta]
pub async fn rename_workstream(
    state: State<'_, AppState>,
    project_id: String,
    workstream_id: String,
    name: String,
) -> Result<RaciView, ApiError> {
    raci_change(&state, &project_id, |ws| ws.raci_mut().rename_workstream(&project_id, &workstream_id, &name))
}

#[tauri::command]
#[specta::specta]
pub async fn move_workstream(
    state: State<'_, AppState>,
    project_id: String,
    workstream_id: String,
    index: u32,
) -> Result<RaciView, ApiError> {
    raci_change(&state, &project_id, |ws| ws.raci_mut().move_workstream(&project_id, &workstream_id, index))
}

#[tauri::command]
#[specta::specta]
pub async fn remove_workstream(
    state: State<'_, AppState>,
    project_id: String,
    workstream_id: String,
) -> Result<RaciView, ApiError> {
    raci_change(&state, &project_id, |ws| ws.raci_mut().remove_workstream(&project_id, &workstream_id))
}

/// Names each side's owner in the RACI cells still without a person; returns how many.
#[tauri::command]
#[specta::specta]
pub async fn fill_raci_with_owners(state: State<'_, AppState>, project_id: String) -> Result<u32, ApiError> {
    let n = state.workspace().raci_mut().fill_with_owners(&project_id)?;
    Ok(n)
}
