//! The shared folder's layout and the only ways this device writes to it.
//!
//! ```text
//! <folder>/
//!   seamline.json              written once when the project is first linked
//!   devices/<device-id>/       written only by that device
//!     device.json              who the device is (replaced by temp file + rename)
//!     seg-<seq>-<hash8>.ops    immutable segments
//!   Project status.html        a read-only page for people without the app
//! ```
//!
//! Every write is a temp file in the target's own directory, fsynced, then renamed to its
//! final name: a reader (or a sync service) sees a whole file or none. Nothing is rewritten in
//! place. Temp files start with `.tmp-`, which readers skip.
//!
//! Everything read from the folder is read without following links and with a size bound
//! ([`open_file`], [`read_bounded`]): a link could point anywhere on the disk (a device file
//! reads forever), and a folder that reached this device through a sync service is untrusted.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub const DESCRIPTOR: &str = "seamline.json";
pub const DEVICES: &str = "devices";
pub const DEVICE_FILE: &str = "device.json";
pub const STATUS_PAGE: &str = "Project status.html";
pub const FORMAT_FAMILY: &str = "seamline-folder";
/// The folder format this build writes (2: encrypted and signed); it still reads format 1.
pub const FOLDER_FORMAT: u32 = 2;
const TEMP_PREFIX: &str = ".tmp-";

/// `seamline.json`: which project the folder carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Descriptor {
    pub format: String,
    pub format_version: u32,
    pub project_id: String,
    pub project_name: String,
    /// The oldest Seamline that can take part in this folder.
    pub min_app_version: String,
    pub created_at: String,
}

/// `devices/<id>/device.json`: what a device says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub device_id: String,
    pub user_name: String,
    pub app_version: String,
    pub updated_at: String,
    /// The company (stored side) the device is with in this folder's project; absent from
    /// devices of an older Seamline, and until its user says.
    #[serde(default)]
    pub side: Option<seamline_core::Side>,
    /// Its public keys (hex), from Seamline versions that encrypt folders: a device that
    /// publishes them is ready for the folder to become encrypted (see `exchange::upgrade`).
    #[serde(default)]
    pub sign_pk: Option<String>,
    #[serde(default)]
    pub kex_pk: Option<String>,
}

pub fn descriptor_path(folder: &Path) -> PathBuf {
    folder.join(DESCRIPTOR)
}

pub fn device_dir(folder: &Path, device: &str) -> PathBuf {
    folder.join(DEVICES).join(device)
}

fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
    let context = context.into();
    move |source| Error::Io { context, source }
}

/// Writes `bytes` to `dir/name` atomically: temp file in `dir`, fsync, rename, fsync `dir`.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    fs::create_dir_all(dir).map_err(io(format!("cannot create {}", dir.display())))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)
        .map_err(io(format!("cannot write in {}", dir.display())))?;
    tmp.write_all(bytes).map_err(io(format!("cannot write in {}", dir.display())))?;
    tmp.as_file().sync_all().map_err(io(format!("cannot flush a file in {}", dir.display())))?;
    let target = dir.join(name);
    tmp.persist(&target)
        .map_err(|e| Error::Io { context: format!("cannot write {}", target.display()), source: e.error })?;
    // Make the rename itself durable where the platform allows syncing a directory.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(target)
}

/// Largest `seamline.json` accepted.
pub const MAX_DESCRIPTOR_BYTES: u64 = 64 * 1024;
/// Largest `device.json` accepted.
pub const MAX_DEVICE_FILE_BYTES: u64 = 16 * 1024;

/// Opens a regular file for reading without following a link to it, and gives its size. A
/// link, a device, a pipe or a folder is refused (`InvalidInput`).
pub fn open_file(path: &Path) -> std::io::Result<(fs::File, u64)> {
    let refuse = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidInput, what.to_string());
    #[cfg(unix)]
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(path)
            .map_err(|e| {
                if e.raw_os_error() == Some(libc::ELOOP) {
                    refuse("it is a link, which Seamline does not follow")
                } else {
                    e
                }
            })?
    };
    #[cfg(not(unix))]
    let file = {
        if fs::symlink_metadata(path)?.file_type().is_symlink() {
            return Err(refuse("it is a link, which Seamline does not follow"));
        }
        fs::File::open(path)?
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(refuse("it is not a regular file"));
    }
    Ok((file, meta.len()))
}

/// Reads a whole regular file of at most `max` bytes, without following links. `None` when
/// there is no such file.
pub fn read_bounded(path: &Path, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let (file, len) = match open_file(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if len > max {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("it is larger than {max} bytes"),
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // The size may change while it is read (a sync service writing it): never past `max`.
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("it is larger than {max} bytes"),
        ));
    }
    Ok(Some(bytes))
}

/// Whether `path` is a link (or a junction); missing is not a link.
pub fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

pub fn read_descriptor(folder: &Path) -> Result<Option<Descriptor>> {
    let path = descriptor_path(folder);
    let bytes = match read_bounded(&path, MAX_DESCRIPTOR_BYTES) {
        Ok(Some(b)) => b,
        Ok(None) => return Ok(None),
        Err(e) if matches!(e.kind(), std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData) => {
            return Err(Error::BadFolder(format!("{DESCRIPTOR} cannot be used: {e}")))
        }
        Err(e) => return Err(io(format!("cannot read {}", path.display()))(e)),
    };
    let d: Descriptor = serde_json::from_slice(&bytes)
        .map_err(|e| Error::BadFolder(format!("{DESCRIPTOR} cannot be read: {e}")))?;
    if d.format != FORMAT_FAMILY {
        return Err(Error::BadFolder(format!(
            "{DESCRIPTOR} is not a Seamline folder (format '{}')",
            d.format
        )));
    }
    if uuid::Uuid::parse_str(&d.project_id).is_err() {
        return Err(Error::BadFolder(format!("{DESCRIPTOR} names no valid project id")));
    }
    Ok(Some(d))
}

pub fn write_descriptor(folder: &Path, d: &Descriptor) -> Result<()> {
    let bytes = serde_json::to_vec_pretty(d).expect("a descriptor encodes");
    write_atomic(folder, DESCRIPTOR, &bytes)?;
    Ok(())
}

pub fn read_device_info(dir: &Path) -> Option<DeviceInfo> {
    let bytes = read_bounded(&dir.join(DEVICE_FILE), MAX_DEVICE_FILE_BYTES).ok()??;
    let info: DeviceInfo = serde_json::from_slice(&bytes).ok()?;
    // Names from another device are shown to the user: keep them short and printable.
    let clean = |s: String| s.chars().filter(|c| !c.is_control()).take(100).collect::<String>();
    Some(DeviceInfo {
        device_id: clean(info.device_id),
        user_name: clean(info.user_name),
        app_version: clean(info.app_version),
        updated_at: clean(info.updated_at),
        side: info.side,
        // Keys are 64 hex characters; anything longer is no key.
        sign_pk: info.sign_pk.filter(|k| k.len() == 64),
        kex_pk: info.kex_pk.filter(|k| k.len() == 64),
    })
}

/// A file found under a device's directory.
#[derive(Debug, Clone)]
pub struct Found {
    pub device: String,
    pub path: PathBuf,
    /// `devices/<id>/<name>`, as reports name it.
    pub display: String,
    pub name: String,
    pub len: u64,
    /// Its modification time in nanoseconds since 1970 (0 where the platform has none).
    pub modified_ns: u128,
}

/// A file a sync service is still bringing down or writing, by the name it goes by meanwhile:
/// iCloud's `.name.icloud` placeholder, Syncthing's `.syncthing.name.tmp` and
/// `~syncthing~name.tmp`, `.~name`, and the `.partial` / `.part` / `.crdownload` / `.download`
/// endings of services and browsers. None is ever read; each is counted as arriving.
pub fn in_transit(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    (lower.starts_with('.') && lower.ends_with(".icloud"))
        || (lower.starts_with(".syncthing.") && lower.ends_with(".tmp"))
        || (lower.starts_with("~syncthing~") && lower.ends_with(".tmp"))
        || lower.starts_with(".~")
        || [".partial", ".part", ".crdownload", ".download"].iter().any(|e| lower.ends_with(e))
}

/// How long a temporary name counts as arriving: a service's download left over from a crash
/// is clutter after this, not a file on its way (an iCloud placeholder counts however old: its
/// content is not on this device until iCloud brings it down).
const ARRIVING_FOR: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// Names that sync services and operating systems drop into folders, which are never ours.
fn is_junk(name: &str) -> bool {
    name.starts_with('.')
        || name.eq_ignore_ascii_case("desktop.ini")
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.starts_with('~')
}

/// Device folders whose names are not device ids (shown as skipped).
pub struct Listing {
    pub files: Vec<Found>,
    /// The signed records of an encrypted folder (`*.sl`: admissions, keys, removals, who a
    /// device is), apart from the segments.
    pub records: Vec<Found>,
    pub odd: Vec<(String, String)>,
    /// Files a sync service is still bringing down or writing (see [`in_transit`]), as
    /// `devices/<id>/<name>`: shown as waiting for the service, never as refused.
    pub arriving: Vec<String>,
    /// Every device directory (a real folder named by a device id), with files or not: a
    /// device that joined and has not edited yet has only its `device.json`.
    pub devices: Vec<String>,
}

/// Lists every candidate segment under `devices/`: any regular file in a device's directory
/// except its `device.json` (and copies of it), temp files and OS clutter. Names are not
/// trusted: conflict copies (`seg-1-ab (1).ops`, `… (conflicted copy).ops`,
/// `.sync-conflict-…`) are listed like the originals and recognised by content.
pub fn list(folder: &Path) -> Result<Listing> {
    let root = folder.join(DEVICES);
    let mut files = Vec::new();
    let mut records = Vec::new();
    let mut odd = Vec::new();
    let mut devices = Vec::new();
    let mut arriving = Vec::new();
    if is_link(&root) {
        odd.push((DEVICES.to_string(), "is a link, which Seamline does not follow".into()));
        return Ok(Listing { files, records, odd, arriving, devices });
    }
    let entries = match fs::read_dir(&root) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Listing { files, records, odd, arriving, devices })
        }
        Err(e) => return Err(io(format!("cannot list {}", root.display()))(e)),
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_junk(&name) {
            continue;
        }
        // `file_type` does not follow links: a link to a folder is a link.
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_symlink() {
            odd.push((format!("{DEVICES}/{name}"), "is a link, which Seamline does not follow".into()));
            continue;
        }
        if !kind.is_dir() {
            odd.push((format!("{DEVICES}/{name}"), "a file where only device folders belong".into()));
            continue;
        }
        if uuid::Uuid::parse_str(&name).is_err() {
            odd.push((format!("{DEVICES}/{name}"), "a folder whose name is not a device id".into()));
            continue;
        }
        let Ok(inner) = fs::read_dir(entry.path()) else {
            odd.push((format!("{DEVICES}/{name}"), "a device folder that cannot be read".into()));
            continue;
        };
        devices.push(name.clone());
        for file in inner.flatten() {
            let fname = file.file_name().to_string_lossy().into_owned();
            // Follow no links: a link could point anywhere on the disk.
            let Ok(meta) = fs::symlink_metadata(file.path()) else { continue };
            if in_transit(&fname) {
                let placeholder = fname.to_ascii_lowercase().ends_with(".icloud");
                let recent =
                    meta.modified().ok().and_then(|t| t.elapsed().ok()).is_none_or(|age| age < ARRIVING_FOR);
                if meta.is_file() && (placeholder || recent) {
                    arriving.push(format!("{DEVICES}/{name}/{fname}"));
                }
                continue;
            }
            if is_junk(&fname) || fname == DEVICE_FILE {
                continue;
            }
            if meta.file_type().is_symlink() {
                odd.push((
                    format!("{DEVICES}/{name}/{fname}"),
                    "is a link, which Seamline does not follow".into(),
                ));
                continue;
            }
            if !meta.is_file() {
                continue;
            }
            // Conflict copies of device.json ("device (1).json") are not segments.
            if fname.ends_with(".json") && fname.starts_with("device") {
                continue;
            }
            let list = if fname.ends_with(crate::envelope::EXT) { &mut records } else { &mut files };
            list.push(Found {
                device: name.clone(),
                display: format!("{DEVICES}/{name}/{fname}"),
                name: fname,
                path: file.path(),
                len: meta.len(),
                modified_ns: meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos()),
            });
        }
    }
    files.sort_by(|a, b| a.display.cmp(&b.display));
    records.sort_by(|a, b| a.display.cmp(&b.display));
    devices.sort();
    arriving.sort();
    Ok(Listing { files, records, odd, arriving, devices })
}

/// Makes sure this device's own directory (and `devices/`) are real folders before anything is
/// written there: a directory replaced by a link would send the export outside the folder.
pub fn check_own_dir(folder: &Path, device: &str) -> Result<()> {
    for dir in [folder.join(DEVICES), device_dir(folder, device)] {
        if is_link(&dir) {
            return Err(Error::BadFolder(format!(
                "{} in the shared folder is a link; Seamline writes only into real folders (remove the link and sync again)",
                dir.strip_prefix(folder).unwrap_or(&dir).display()
            )));
        }
    }
    Ok(())
}

/// Whether the folder holds nothing of the user's (OS clutter aside): the only kind of folder
/// a new project may be linked to.
pub fn is_empty(folder: &Path) -> Result<bool> {
    let entries = fs::read_dir(folder).map_err(io(format!("cannot read {}", folder.display())))?;
    Ok(entries.flatten().all(|e| is_junk(&e.file_name().to_string_lossy())))
}
