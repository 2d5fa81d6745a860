// Keeps a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // WebKitGTK's accelerated compositing keeps GPU-style layers for every page: measured on
    // the large workspace it costs about 100 MB at start-up and 200 MB after visiting every
    // screen, and 400 ms of launch (docs/PERFORMANCE.md). Seamline draws forms, tables and
    // 2D canvas charts, which need none of it. A value the user set wins.
    //
    // JavaScriptCore (WebKitGTK's web process inherits this environment) sizes its heap for the
    // machine: with 16 GB of RAM or more it lets the heap grow nearly fourfold from a 32 MB
    // floor before a full collection, and its optimizing compilers keep code and profiles of
    // their own. A partnership lead's screens are forms and tables, not long-running scripts:
    // with the JIT off and an 8 MiB floor the web process holds about 45 MB less after every
    // screen of the large workspace, and the screens switch within the noise of the JIT's
    // figures (docs/PERFORMANCE.md, "The app").
    #[cfg(target_os = "linux")]
    for (name, value) in
        [("WEBKIT_DISABLE_COMPOSITING_MODE", "1"), ("JSC_useJIT", "false"), ("JSC_largeHeapSize", "8388608")]
    {
        if std::env::var_os(name).is_none() {
            // Set before any thread or WebKit starts: nothing else reads the environment yet.
            std::env::set_var(name, value);
        }
    }
    seamline_app_lib::run();
}
