//! Legal and build milestones on one timeline, the plan for a new project, the calendar export.

use seamline_core::kickoff::PlannedMilestone;
use seamline_store::{Milestone, NewMilestone, Tracks};
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

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
    let on = super::date_arg("on", on.as_deref())?;
    let m = state.workspace().complete_milestone(&id, on)?;
    Ok(m)
}

#[tauri::command]
#[specta::specta]
pub async fn reopen_milestone(state: State<'_, AppState>, id: String) -> Result<Milestone, ApiError> {
    let m = state.workspace().reopen_milestone(&id)?;
    Ok(m)
}

#[tauri::command]
#[specta::specta]
pub async fn reschedule_milestone(
    state: State<'_, AppState>,
    id: String,
    planned: String,
) -> Result<Milestone, ApiError> {
    let planned = super::date_arg("planned", Some(&planned))?;
    let m = state.workspace().reschedule_milestone(&id, planned)?;
    Ok(m)
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
    Ok(added)
}

#[tauri::command]
#[specta::specta]
pub async fn rename_milestone(
    state: State<'_, AppState>,
    id: String,
    title: String,
) -> Result<Milestone, ApiError> {
    Ok(state.workspace().rename_milestone(&id, &title)?)
}
