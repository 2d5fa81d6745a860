// Keeps a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // WebKitGTK's accelerated compositing keeps GPU-style layers for every page: measured on
    // the large workspace it costs about 100 MB at start-up and 200 MB after visiting every
    // screen, and 400 ms of launch (docs/PERFORMANCE.md). Seamline draws forms, tables and
    // 2D canvas charts, which need none of it. A value the user set wins.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        // Set before any thread or WebKit starts: nothing else reads the environment yet.
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    seamline_app_lib::run();
}
