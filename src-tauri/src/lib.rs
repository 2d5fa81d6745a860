//! The desktop shell: Tauri, IPC and nothing else. Every command is a few lines that take the
//! state, call a use case in `seamline-store` and return `Result<Dto, ApiError>`. No business
//! rule lives here, and no other crate knows about Tauri.

mod commands;
mod error;
mod state;

pub use commands::specta_builder;

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    let builder = specta_builder::<tauri::Wry>();
    // The workspace is opened before the window exists, so every command finds it ready.
    let state = match state::AppState::open_default() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Seamline cannot open its workspace: {e}");
            std::process::exit(1);
        }
    };
    tauri::Builder::default()
        .manage(state)
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running Seamline");
}
