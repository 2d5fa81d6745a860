//! What the project reports: metrics, the weekly status, the agenda, Markdown saved to a file.

use seamline_store::{Metrics, StatusDraft, StatusReport};
use tauri::State;

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn get_metrics(state: State<'_, AppState>, project_id: String) -> Result<Metrics, ApiError> {
    Ok(state.workspace().reports().metrics(&project_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn status_draft(
    state: State<'_, AppState>,
    project_id: String,
    week: Option<String>,
) -> Result<StatusDraft, ApiError> {
    let week = super::date_arg("week", week.as_deref())?;
    Ok(state.workspace().reports().status_draft(&project_id, week)?)
}

#[tauri::command]
#[specta::specta]
pub async fn publish_status(
    state: State<'_, AppState>,
    project_id: String,
    week: Option<String>,
    body: String,
) -> Result<StatusReport, ApiError> {
    let week = super::date_arg("week", week.as_deref())?;
    let r = state.workspace().reports_mut().publish_status(&project_id, week, &body)?;
    Ok(r)
}

#[tauri::command]
#[specta::specta]
pub async fn list_status_reports(
    state: State<'_, AppState>,
    project_id: String,
) -> Result<Vec<StatusReport>, ApiError> {
    Ok(state.workspace().reports().published(&project_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn get_agenda(state: State<'_, AppState>, project_id: String) -> Result<String, ApiError> {
    Ok(state.workspace().reports().agenda(&project_id)?)
}

/// Writes a status (as edited on screen) to a Markdown file the user chose in the save dialog.
#[tauri::command]
#[specta::specta]
pub async fn save_markdown(path: String, body: String) -> Result<(), ApiError> {
    let path = std::path::PathBuf::from(path.trim());
    if path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()) != Some("md".into()) {
        return Err(ApiError::new(
            ErrorCode::Validation,
            "must be a Markdown file ending in .md".into(),
            Some("path".into()),
            None,
        ));
    }
    std::fs::write(&path, body).map_err(|source| {
        ApiError::from(seamline_store::Error::Io {
            context: format!("cannot write {}", path.display()),
            source,
        })
    })
}

/// Markdown made into HTML the screens may show as it is (core `markdown`: nothing in it can
/// run, load or navigate).
#[tauri::command]
#[specta::specta]
pub async fn render_markdown(text: String) -> Result<String, ApiError> {
    Ok(seamline_core::markdown::to_html(&text))
}
