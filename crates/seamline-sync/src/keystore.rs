//! Where a device keeps its secret: the 32-byte seed its signing and key-exchange keys come
//! from (see [`crate::crypto::DeviceKeys`]). It never leaves the device and is never written
//! into a shared folder or the workspace file.
//!
//! - The operating system's keychain where there is one (macOS Keychain, Windows Credential
//!   Manager, the Secret Service on Linux), through the `keyring` crate, when this build has
//!   the `keychain` feature (the app and the command do) and `SEAMLINE_KEYSTORE` is not
//!   `file`.
//! - Else a file only the user can read, beside the workspace: `.seamline-keys/<device>.key`
//!   in the workspace's directory (directory 0700, file 0600 on Unix). Keyed by device id, so
//!   a workspace copied within its directory, or restored in place, still holds the keys of
//!   the id it had (and moves to a new id admitted by the old one); a workspace copied
//!   elsewhere without them is a new device that needs an invite.
//! - A workspace held in memory (tests) keeps its keys in memory.
//!
//! A key is made only when none is found anywhere: a keychain that is locked or refuses is an
//! error, never a silent new identity (which would make this device a stranger to the folder).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use seamline_store::Workspace;
use zeroize::Zeroizing;

use crate::crypto::{self, DeviceKeys, KEY_LEN};
use crate::error::{Error, Result};

type Seed = Zeroizing<[u8; KEY_LEN]>;

/// Keys already loaded in this process (a keychain may prompt; a timer sync must not).
fn cache() -> &'static Mutex<HashMap<String, Seed>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Seed>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The keys of `device` (this workspace's current or a former id): loaded, or made on first use.
pub fn device_keys(ws: &Workspace, device: &str) -> Result<DeviceKeys> {
    let slot = match ws.path() {
        Some(path) => format!("{}#{device}", path.display()),
        // Device ids are random UUIDs: one per in-memory workspace.
        None => format!("memory#{device}"),
    };
    let mut cached = cache().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(seed) = cached.get(&slot) {
        return Ok(DeviceKeys::from_seed(seed));
    }
    let seed = match ws.path() {
        Some(path) => match load(path, device)? {
            Some(seed) => seed,
            None => {
                // A device that already has an identity (it shared or joined a folder) never
                // gets a new key behind its user's back: every other device would refuse its
                // files from then on as someone writing in its name.
                if let Some(fingerprint) = ws.trust().device_key_made(device)? {
                    return Err(Error::KeyLost(format!(
                        "this device's key ({fingerprint}) is not in the keychain or at {}: unlock or restore the keychain, or restore the key file, and sync again; if it is lost for good, ask your company for a new invite and run `seamline sync rejoin --project ID --invite CODE`",
                        key_file(path, device).display()
                    )));
                }
                make(path, device)?
            }
        },
        None => Zeroizing::new(crypto::random()),
    };
    let keys = DeviceKeys::from_seed(&seed);
    if ws.path().is_some() && ws.trust().device_key_made(device)?.is_none() {
        // Noted by a process that has the workspace open for writing (the app, the command).
        let _ = crate::keystore::note(ws, device, &keys);
    }
    cached.insert(slot, seed);
    Ok(keys)
}

/// Forgets the keys this process loaded for the workspace (the keychain is asked again next
/// time: after it was locked, or the key file replaced).
pub fn forget_loaded(ws: &Workspace) {
    let prefix = match ws.path() {
        Some(path) => format!("{}#", path.display()),
        None => "memory#".to_string(),
    };
    let mut cached = cache().lock().unwrap_or_else(|e| e.into_inner());
    cached.retain(|slot, _| !slot.starts_with(&prefix));
}

/// Notes in the workspace that `device` has a key (its fingerprint), through a second
/// connection: the caller holds the workspace only for reading.
fn note(ws: &Workspace, device: &str, keys: &DeviceKeys) -> Result<()> {
    let Some(path) = ws.path() else { return Ok(()) };
    let mut other = Workspace::open(path, seamline_store::Clock::System)?;
    other.trust_mut().note_device_key(device, &crypto::fingerprint(&keys.sign_pk()))?;
    Ok(())
}

/// Whether this device already has keys (without making any).
pub fn has_keys(ws: &Workspace, device: &str) -> bool {
    match ws.path() {
        Some(path) => key_file(path, device).exists() || keychain::get(device).ok().flatten().is_some(),
        None => true,
    }
}

fn key_dir(workspace: &Path) -> PathBuf {
    workspace.with_file_name(".seamline-keys")
}

fn key_file(workspace: &Path, device: &str) -> PathBuf {
    key_dir(workspace).join(format!("{device}.key"))
}

/// The device's seed, from its key file or the keychain; `None` when neither has it.
fn load(workspace: &Path, device: &str) -> Result<Option<Seed>> {
    if let Some(seed) = read_key_file(&key_file(workspace, device))? {
        return Ok(Some(seed));
    }
    keychain::get(device)
}

/// A new seed for a device that never had one, kept in the keychain, else in the key file.
fn make(workspace: &Path, device: &str) -> Result<Seed> {
    let seed: Seed = Zeroizing::new(crypto::random());
    if !keychain::set(device, &seed) {
        write_key_file(&key_file(workspace, device), &seed)?;
    }
    Ok(seed)
}

fn io(context: String) -> impl FnOnce(std::io::Error) -> Error {
    move |source| Error::Io { context, source }
}

fn read_key_file(file: &Path) -> Result<Option<Seed>> {
    // Bounded like any read here: a key file is 64 characters.
    match crate::folder::read_bounded(file, 4096) {
        Ok(None) => Ok(None),
        Ok(Some(bytes)) => {
            let text = String::from_utf8_lossy(&bytes);
            match crate::hex::key32(text.trim()) {
                Some(seed) => Ok(Some(Zeroizing::new(seed))),
                None => Err(Error::BadFolder(format!(
                    "this device's key file {} is damaged; restore it from a backup, or remove it and be invited again",
                    file.display()
                ))),
            }
        }
        Err(e) => Err(io(format!("cannot read this device's key {}", file.display()))(e)),
    }
}

fn write_key_file(file: &Path, seed: &Seed) -> Result<()> {
    let dir = file.parent().expect("a key file has a directory");
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(io(format!("cannot make {}", dir.display())))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    use std::io::Write;
    let mut f = options.open(file).map_err(io(format!("cannot write {}", file.display())))?;
    f.write_all(crate::hex::encode(seed.as_ref()).as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(io(format!("cannot write {}", file.display())))?;
    Ok(())
}

#[cfg(feature = "keychain")]
mod keychain {
    use super::{Seed, KEY_LEN};
    use crate::error::{Error, Result};
    use zeroize::Zeroizing;

    const SERVICE: &str = "Seamline device key";

    fn enabled() -> bool {
        std::env::var("SEAMLINE_KEYSTORE").map(|v| v != "file").unwrap_or(true)
    }

    pub fn get(device: &str) -> Result<Option<Seed>> {
        if !enabled() {
            return Ok(None);
        }
        let Ok(entry) = keyring::Entry::new(SERVICE, device) else { return Ok(None) };
        match entry.get_secret() {
            Ok(bytes) => Ok(<[u8; KEY_LEN]>::try_from(bytes).ok().map(Zeroizing::new)),
            Err(keyring::Error::NoEntry) => Ok(None),
            // No keychain on this system (no Secret Service running): the file store is used
            // for a new key. A device whose key the keychain holds but does not give (locked,
            // reset) is stopped by the caller, never given a new identity.
            Err(keyring::Error::PlatformFailure(_)) | Err(keyring::Error::NoStorageAccess(_)) => Ok(None),
            Err(e) => Err(Error::KeyLost(format!(
                "the keychain did not give this device's key ({e}); unlock the keychain and sync again"
            ))),
        }
    }

    /// Stores a new key; `false` when there is no usable keychain (the file store is used).
    pub fn set(device: &str, seed: &Seed) -> bool {
        enabled()
            && keyring::Entry::new(SERVICE, device).and_then(|e| e.set_secret(seed.as_ref())).is_ok()
            && matches!(get(device), Ok(Some(back)) if back.as_ref() == seed.as_ref())
    }
}

#[cfg(not(feature = "keychain"))]
mod keychain {
    use super::Seed;
    use crate::error::Result;

    pub fn get(_device: &str) -> Result<Option<Seed>> {
        Ok(None)
    }

    pub fn set(_device: &str, _seed: &Seed) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_key_is_made_once_kept_private_and_found_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("workspace.seamline");
        let ws = Workspace::open(&path, seamline_store::Clock::System).unwrap();
        let first = device_keys(&ws, "dev-1").unwrap().sign_pk();
        let file = key_file(&path, "dev-1");
        assert!(file.exists());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
            assert_eq!(
                std::fs::metadata(file.parent().unwrap()).unwrap().permissions().mode() & 0o777,
                0o700
            );
        }
        // Read from the file, not the process's cache.
        assert_eq!(DeviceKeys::from_seed(&read_key_file(&file).unwrap().unwrap()).sign_pk(), first);
        assert_ne!(device_keys(&ws, "dev-2").unwrap().sign_pk(), first);
        std::fs::write(&file, "not a key").unwrap();
        assert!(read_key_file(&file).unwrap_err().to_string().contains("damaged"));
    }
}
