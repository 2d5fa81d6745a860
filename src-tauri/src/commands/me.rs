//! Who uses this device: the user's name (what other devices see), and per project the company
//! the device is with and which of its people the user is.

use seamline_store::{Membership, Project};
use serde::Serialize;
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

/// The user of this device.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Me {
    /// The name the user gave; `None` until they do (the app asks on first start).
    pub name: Option<String>,
    /// What other devices see now (the name, `SEAMLINE_USER`, or the login name).
    pub shown_as: String,
}

fn me(state: &AppState) -> Result<Me, ApiError> {
    let ws = state.workspace();
    Ok(Me { name: ws.me().user_name()?, shown_as: seamline_sync::Identity::of(&ws).user_name })
}

#[tauri::command]
#[specta::specta]
pub async fn get_me(state: State<'_, AppState>) -> Result<Me, ApiError> {
    me(&state)
}

/// Sets the user's name. Every linked project's folder learns it at its next sync.
#[tauri::command]
#[specta::specta]
pub async fn set_my_name(state: State<'_, AppState>, name: String) -> Result<Me, ApiError> {
    let links = {
        let mut ws = state.workspace();
        ws.me_mut().set_user_name(&name)?;
        ws.sync().links()?
    };
    for link in links {
        state.request_sync(&link.project_id);
    }
    me(&state)
}

/// Says which company this device is with in a project (said once), and who the user is
/// there (`person_id`: one of that company's people; `None` forgets it).
#[tauri::command]
#[specta::specta]
pub async fn set_my_membership(
    state: State<'_, AppState>,
    project_id: String,
    company: Option<String>,
    person_id: Option<String>,
) -> Result<Project, ApiError> {
    let project = {
        let mut ws = state.workspace();
        let p = ws.projects().get(&project_id)?;
        if let Some(company) = company {
            let _: Membership = ws.me_mut().set_company(&p.id, &company)?;
        }
        ws.me_mut().set_person(&p.id, person_id.as_deref())?;
        ws.projects().get(&p.id)?
    };
    // The folder learns the company (device.json) at the next sync.
    state.request_sync(&project.id);
    Ok(project)
}
