//! Links the app hands to the system: the shared channel in the browser, an escalation draft
//! in the mail app. Only http(s) and mailto: pass (`core::validate::openable_link`); the web
//! view itself never navigates away or gets the opener plugin's own commands.

use crate::error::ApiError;

#[tauri::command]
#[specta::specta]
pub async fn open_link(url: String) -> Result<(), ApiError> {
    let url = seamline_core::validate::openable_link("url", &url).map_err(seamline_store::Error::from)?;
    // The crate's free function, not its plugin: the web view gets no opener commands of its own.
    tauri_plugin_opener::open_url(url, None::<&str>).map_err(|e| {
        ApiError::from(seamline_store::Error::Io {
            context: "no application opens this link".into(),
            source: std::io::Error::other(e.to_string()),
        })
    })
}
