//! The desktop shell: Tauri, IPC and nothing else. Every command is a few lines that take the
//! state, call a use case in `seamline-store` and return `Result<Dto, ApiError>`. No business
//! rule lives here, and no other crate knows about Tauri.

mod commands;
mod error;
mod escalation;
mod state;
mod sync_engine;

pub use commands::specta_builder;

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    let builder = specta_builder::<tauri::Wry>();
    let (sync_requests, sync_queue) = tokio::sync::mpsc::unbounded_channel();
    // The workspace is opened before the window exists, so every command finds it ready.
    let state = match state::AppState::open_default(sync_requests) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Seamline cannot open its workspace: {e}");
            std::process::exit(1);
        }
    };
    tauri::Builder::default()
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
