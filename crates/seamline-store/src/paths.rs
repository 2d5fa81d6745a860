//! Where the workspace lives by default, shared by the app and the command so both open the
//! same file: `<platform data dir>/app.seamline.desktop/workspace.sqlite`, the folder Tauri
//! gives the app (`app_data_dir`) for its identifier.

use std::path::{Path, PathBuf};

/// The app's bundle identifier; the name of its data folder on every platform.
pub const APP_IDENTIFIER: &str = "app.seamline.desktop";

/// The workspace file's name inside the data folder.
pub const WORKSPACE_FILE: &str = "workspace.sqlite";

/// The data folder: `SEAMLINE_DATA_DIR` when set (tests give each run a fresh one), else the
/// platform's per-user application data folder.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SEAMLINE_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::BaseDirs::new().map(|d| d.data_dir().join(APP_IDENTIFIER))
}

pub fn default_workspace() -> Option<PathBuf> {
    data_dir().map(|d| d.join(WORKSPACE_FILE))
}

/// Makes a file or folder readable by its owner only (Unix; elsewhere the user's profile
/// folders already are). Best effort: a file on a file system without modes stays as it is.
pub(crate) fn restrict(path: &Path, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o777 != mode) {
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
        }
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
}
