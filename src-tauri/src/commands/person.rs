//! People on either side.

use seamline_core::Side;
use seamline_store::{NewPerson, Person, PersonPatch, Project, Role};
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn add_person(
    state: State<'_, AppState>,
    project_id: String,
    input: NewPerson,
) -> Result<Person, ApiError> {
    let person = state.workspace().people_mut().add(&project_id, input)?;
    Ok(person)
}

#[tauri::command]
#[specta::specta]
pub async fn update_person(
    state: State<'_, AppState>,
    id: String,
    patch: PersonPatch,
) -> Result<Person, ApiError> {
    let person = state.workspace().people_mut().update(&id, patch)?;
    Ok(person)
}

#[tauri::command]
#[specta::specta]
pub async fn remove_person(state: State<'_, AppState>, id: String) -> Result<(), ApiError> {
    let mut ws = state.workspace();
    let person = ws.people().get(&id)?;
    ws.people_mut().remove(&person.id)?;
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn set_role(
    state: State<'_, AppState>,
    project_id: String,
    side: Side,
    role: Role,
    person_id: String,
) -> Result<Project, ApiError> {
    let project = state.workspace().people_mut().set_role(&project_id, side, role, &person_id)?;
    Ok(project)
}
