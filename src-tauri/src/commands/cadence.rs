//! The weekly cadence and the metrics: status drafts and publishing, the agenda, decisions,
//! the portfolio.

use seamline_store::portfolio::PortfolioRow;
use seamline_store::reads::{Criterion, StatusReport};
use seamline_store::{Decision, Metrics, NewDecision};
use tauri::State;

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn list_portfolio(state: State<'_, AppState>) -> Result<Vec<PortfolioRow>, ApiError> {
    Ok(state.workspace().portfolio()?)
}

#[tauri::command]
#[specta::specta]
pub async fn get_metrics(state: State<'_, AppState>, project_id: String) -> Result<Metrics, ApiError> {
    Ok(state.workspace().metrics(&project_id)?)
}

/// Moves a criterion across the cut line (applying one item of the cut proposal).
#[tauri::command]
#[specta::specta]
pub async fn cut_criterion(
    state: State<'_, AppState>,
    project_id: String,
    id: String,
    cut: String,
) -> Result<Criterion, ApiError> {
    let c = state.workspace().cut_criterion(&id, &cut)?;
    state.request_sync(&project_id);
    Ok(c)
}

#[tauri::command]
#[specta::specta]
pub async fn status_draft(
    state: State<'_, AppState>,
    project_id: String,
    week: Option<String>,
) -> Result<String, ApiError> {
    Ok(state.workspace().status_draft(&project_id, week.as_deref())?)
}

#[tauri::command]
#[specta::specta]
pub async fn publish_status(
    state: State<'_, AppState>,
    project_id: String,
    week: Option<String>,
    body: String,
) -> Result<StatusReport, ApiError> {
    let r = state.workspace().publish_status(&project_id, week.as_deref(), &body)?;
    state.request_sync(&project_id);
    Ok(r)
}

#[tauri::command]
#[specta::specta]
pub async fn list_status_reports(
    state: State<'_, AppState>,
    project_id: String,
) -> Result<Vec<StatusReport>, ApiError> {
    Ok(state.workspace().status_reports(&project_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn get_agenda(state: State<'_, AppState>, project_id: String) -> Result<String, ApiError> {
    Ok(state.workspace().agenda(&project_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn list_decisions(
    state: State<'_, AppState>,
    project_id: String,
) -> Result<Vec<Decision>, ApiError> {
    Ok(state.workspace().decisions(&project_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn record_decision(
    state: State<'_, AppState>,
    project_id: String,
    input: NewDecision,
) -> Result<Decision, ApiError> {
    let d = state.workspace().record_decision(&project_id, input)?;
    state.request_sync(&project_id);
    Ok(d)
}

/// Writes a status (as edited on screen) to a Markdown file the user chose in the save dialog.
#[tauri::command]
#[specta::specta]
pub async fn save_markdown(path: String, body: String) -> Result<(), ApiError> {
    let path = std::path::PathBuf::from(path.trim());
    if path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()) != Some("md".into()) {
        return Err(ApiError {
            code: ErrorCode::Validation,
            message: "must be a Markdown file ending in .md".into(),
            field: Some("path".into()),
        });
    }
    std::fs::write(&path, body).map_err(|source| {
        ApiError::from(seamline_store::Error::Io {
            context: format!("cannot write {}", path.display()),
            source,
        })
    })
}
