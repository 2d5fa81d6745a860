//! The app's log: a file per day in `<data folder>/logs/`, the last 14 kept. Background work
//! (syncs, escalations, notifications, folder watchers) reports its failures here; where the
//! user must act, the screen that concerns it says so too (the Sync screen, for a sync). Every
//! command that fails is logged by `ApiError::new` with its code and field, never its message.
//! `SEAMLINE_LOG` (e.g. `debug`) sets the level; the default is `info`.

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::EnvFilter;

/// Starts the log; keep the guard for the life of the app (dropping it flushes the file).
pub fn start() -> Option<WorkerGuard> {
    let dir = seamline_store::paths::data_dir()?.join("logs");
    // Made first: the appender prunes old files before it makes the folder, and says so on
    // stderr at every first start otherwise.
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("Seamline cannot make its log folder {}: {e}", dir.display());
        return None;
    }
    let appender = match Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("seamline")
        .filename_suffix("log")
        .max_log_files(14)
        .build(&dir)
    {
        Ok(a) => a,
        Err(e) => {
            eprintln!("Seamline cannot write its log in {}: {e}", dir.display());
            return None;
        }
    };
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env("SEAMLINE_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let installed =
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer).with_ansi(false).try_init();
    installed.ok().map(|_| guard)
}
