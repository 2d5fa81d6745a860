//! The vocabularies, labels, limits and defaults the screens show, from Rust (one table).

use seamline_core::vocabulary::Vocabulary;

use crate::error::ApiError;

#[tauri::command]
#[specta::specta]
pub async fn get_vocabulary() -> Result<Vocabulary, ApiError> {
    Ok(seamline_core::vocabulary::vocabulary())
}
