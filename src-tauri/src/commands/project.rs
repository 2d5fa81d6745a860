//! Projects and the roles on each side.

use seamline_core::kickoff::Guide;
use seamline_core::WizardStep;
use seamline_store::portfolio::PortfolioRow;
use seamline_store::{DeletedProject, NewProject, Person, Project, ProjectPatch, ProjectSummary};
use serde::Serialize;
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

/// A project with its people, as the project page shows it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ProjectView {
    pub project: Project,
    pub people: Vec<Person>,
    /// The oldest open blocker of each class: what drives the date.
    pub oldest_blockers: Vec<seamline_store::Blocker>,
    /// The new-engineer test.
    pub readiness: seamline_store::readiness::Readiness,
    /// The project from this device's side: its company first, as "Your side".
    pub perspective: seamline_core::sides::Perspective,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct WorkspaceInfo {
    /// The workspace file, for the "where is my data" question.
    pub path: String,
    pub device_id: String,
}

#[tauri::command]
#[specta::specta]
pub async fn workspace_info(state: State<'_, AppState>) -> Result<WorkspaceInfo, ApiError> {
    let ws = state.workspace();
    Ok(WorkspaceInfo {
        path: ws.path().map(|p| p.display().to_string()).unwrap_or_default(),
        device_id: ws.device_id().to_string(),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn list_projects(state: State<'_, AppState>) -> Result<Vec<ProjectSummary>, ApiError> {
    Ok(state.workspace().projects().list()?)
}

#[tauri::command]
#[specta::specta]
pub async fn get_project(state: State<'_, AppState>, id: String) -> Result<ProjectView, ApiError> {
    let ws = state.workspace();
    let project = ws.projects().get(&id)?;
    let people = ws.people().list(&project.id)?;
    let oldest_blockers = ws.blockers().oldest(&project.id)?;
    let readiness = ws.projects().readiness(&project.id)?;
    let perspective = ws.me().perspective(&project)?;
    Ok(ProjectView { project, people, oldest_blockers, readiness, perspective })
}

#[tauri::command]
#[specta::specta]
pub async fn create_project(state: State<'_, AppState>, input: NewProject) -> Result<Project, ApiError> {
    Ok(state.workspace().projects_mut().create(input)?)
}

/// Turns this device's reminders of the weekly sync and the status day on or off.
#[tauri::command]
#[specta::specta]
pub async fn set_reminders(state: State<'_, AppState>, id: String, on: bool) -> Result<Project, ApiError> {
    let mut ws = state.workspace();
    ws.reminders_mut().set_enabled(&id, on)?;
    Ok(ws.projects().get(&id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn update_project(
    state: State<'_, AppState>,
    id: String,
    patch: ProjectPatch,
) -> Result<Project, ApiError> {
    let project = state.workspace().projects_mut().update(&id, patch)?;
    Ok(project)
}

#[tauri::command]
#[specta::specta]
pub async fn delete_project(
    state: State<'_, AppState>,
    id: String,
) -> Result<seamline_store::Removal, ApiError> {
    let id = state.workspace().projects().get(&id)?.id;
    Ok(state.workspace().projects_mut().delete(&id)?)
}

/// Deleted projects (here or by another device), newest first, for restoring.
#[tauri::command]
#[specta::specta]
pub async fn list_deleted_projects(state: State<'_, AppState>) -> Result<Vec<DeletedProject>, ApiError> {
    Ok(state.workspace().projects().deleted()?)
}

/// Brings a deleted project back, on every device it syncs to.
#[tauri::command]
#[specta::specta]
pub async fn restore_project(state: State<'_, AppState>, id: String) -> Result<Project, ApiError> {
    let project = state.workspace().projects_mut().restore(&id)?;
    Ok(project)
}

#[tauri::command]
#[specta::specta]
pub async fn list_portfolio(state: State<'_, AppState>) -> Result<Vec<PortfolioRow>, ApiError> {
    Ok(state.workspace().projects().portfolio()?)
}

/// Saves where the lead is in the kickoff wizard.
#[tauri::command]
#[specta::specta]
pub async fn set_wizard_step(
    state: State<'_, AppState>,
    project_id: String,
    step: WizardStep,
) -> Result<(), ApiError> {
    state.workspace().projects_mut().set_wizard_step(&project_id, step)?;
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn get_guide(state: State<'_, AppState>, project_id: String) -> Result<Guide, ApiError> {
    Ok(state.workspace().projects().guide(&project_id)?)
}
