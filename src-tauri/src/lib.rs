//! The desktop shell: Tauri, IPC and nothing else. Every command is a few lines that take the
//! state, call a use case in `seamline-store` and return `Result<Dto, ApiError>`. No business
//! rule lives here, and no other crate knows about Tauri.

mod commands;
mod error;
mod escalation;
mod events;
mod log;
mod reminders;
mod state;
mod sync_engine;

pub use commands::specta_builder;

use tauri::Manager;

/// One app per workspace: a second launch brings the first window to the front. On Linux the
/// D-Bus name carries the workspace's path, so apps on different workspaces (tests, or
/// `SEAMLINE_DATA_DIR`) still run side by side; with no session bus it does nothing, and
/// two writers on one file stay safe (each write reads the clock inside its transaction).
fn single_instance<R: tauri::Runtime>(state: &state::AppState) -> tauri::plugin::TauriPlugin<R> {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    state.workspace().path().hash(&mut h);
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(format!("app.seamline.desktop.w{:016x}", h.finish()))
        .callback(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        })
        .build()
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    // Lives as long as the app: dropping it flushes the log file.
    let _log = log::start();
    tracing::info!(event = "app.start", version = env!("CARGO_PKG_VERSION"), "Seamline starts");
    let builder = specta_builder::<tauri::Wry>();
    let (sync_requests, sync_queue) = tokio::sync::mpsc::unbounded_channel();
    // The workspace is opened before the window exists, so every command finds it ready.
    let state = match state::AppState::open_default(sync_requests) {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(event = "app.workspace_unopenable", error = %e, "cannot open the workspace");
            eprintln!("Seamline cannot open its workspace: {e}");
            std::process::exit(1);
        }
    };
    tauri::Builder::default()
        // First: a second launch on the same workspace hands over to the running app (which
        // comes to the front) and exits before it touches anything.
        .plugin(single_instance(&state))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .manage(state)
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            sync_engine::start(app.handle().clone(), sync_queue);
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running Seamline");
}
