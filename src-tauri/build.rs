fn main() {
    // tauri.conf.json sits at the top level, so the capabilities live under src-tauri/.
    tauri_build::try_build(
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*"),
    )
    .expect("failed to run the Tauri build script");
}
