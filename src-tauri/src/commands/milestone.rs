//! Legal and build milestones on one timeline, the plan for a new project, the calendar export.

use seamline_core::kickoff::PlannedMilestone;
use seamline_store::{Milestone, NewMilestone, Tracks};
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn get_tracks(state: State<'_, AppState>, project_id: String) -> Result<Tracks, ApiError> {
    Ok(state.workspace().milestones().tracks(&project_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn add_milestone(
    state: State<'_, AppState>,
    project_id: String,
    input: NewMilestone,
) -> Result<Milestone, ApiError> {
    let m = state.workspace().milestones_mut().add(&project_id, input)?;
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
    let m = state.workspace().milestones_mut().complete(&id, on)?;
    Ok(m)
}

#[tauri::command]
#[specta::specta]
pub async fn reopen_milestone(state: State<'_, AppState>, id: String) -> Result<Milestone, ApiError> {
    let m = state.workspace().milestones_mut().reopen(&id)?;
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
    let m = state.workspace().milestones_mut().reschedule(&id, planned)?;
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
    let text = state.workspace().milestones().ics(&project_id)?;
    super::write_file(std::path::Path::new(path.trim()), text)
}

#[tauri::command]
#[specta::specta]
pub async fn get_milestone_plan(
    state: State<'_, AppState>,
    project_id: String,
) -> Result<Vec<PlannedMilestone>, ApiError> {
    Ok(state.workspace().milestones().plan(&project_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn add_milestones(
    state: State<'_, AppState>,
    project_id: String,
    milestones: Vec<NewMilestone>,
) -> Result<Vec<Milestone>, ApiError> {
    let added = state.workspace().milestones_mut().add_many(&project_id, milestones)?;
    Ok(added)
}

#[tauri::command]
#[specta::specta]
pub async fn rename_milestone(
    state: State<'_, AppState>,
    id: String,
    title: String,
) -> Result<Milestone, ApiError> {
    Ok(state.workspace().milestones_mut().rename(&id, &title)?)
}
