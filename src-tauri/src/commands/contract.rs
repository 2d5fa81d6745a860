//! The integration contract: terms, field mapping, auth scopes, and its Markdown.

use seamline_store::{Contract, MappingInput, ScopeInput, TermsPatch};
use serde::Deserialize;
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

/// One change to a project's integration contract.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ContractEdit {
    Terms { patch: TermsPatch },
    AddMapping { input: MappingInput },
    EditMapping { id: String, input: MappingInput },
    RemoveMapping { id: String },
    AddScope { input: ScopeInput },
    EditScope { id: String, input: ScopeInput },
    RemoveScope { id: String },
}

#[tauri::command]
#[specta::specta]
pub async fn get_contract(state: State<'_, AppState>, project_id: String) -> Result<Contract, ApiError> {
    Ok(state.workspace().contract(&project_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn edit_contract(
    state: State<'_, AppState>,
    project_id: String,
    edit: ContractEdit,
) -> Result<Contract, ApiError> {
    let contract = {
        let mut ws = state.workspace();
        let p = ws.project(&project_id)?.id;
        match edit {
            ContractEdit::Terms { patch } => ws.update_contract(&p, patch)?,
            ContractEdit::AddMapping { input } => ws.add_mapping(&p, input)?,
            ContractEdit::EditMapping { id, input } => ws.update_mapping(&id, input)?,
            ContractEdit::RemoveMapping { id } => ws.remove_mapping(&id)?,
            ContractEdit::AddScope { input } => ws.add_auth_scope(&p, input)?,
            ContractEdit::EditScope { id, input } => ws.update_auth_scope(&id, input)?,
            ContractEdit::RemoveScope { id } => ws.remove_auth_scope(&id)?,
        }
    };
    Ok(contract)
}

/// The contract as Markdown, for the partner (the screen copies it or saves it).
#[tauri::command]
#[specta::specta]
pub async fn contract_markdown(state: State<'_, AppState>, project_id: String) -> Result<String, ApiError> {
    Ok(state.workspace().contract_markdown(&project_id)?)
}
