//! What every part of the exchange shares: this build's version, who is syncing, the time
//! written into records, and how a file's header is read. Below the pipeline and the actions.

use std::path::Path;

use chrono::SecondsFormat;
use seamline_core::Side;
use seamline_store::trust::Member;
use seamline_store::Workspace;

use crate::crypto::DeviceKeys;
use crate::folder;
use crate::segment::{self, Rejection, HEADER_LEN};

/// This build's version, written into `device.json` and checked against `min_app_version`.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Compact this device's segments into one snapshot once it has written this many.
pub const COMPACT_AFTER: usize = 24;

/// Who is syncing, as other devices will see it.
#[derive(Debug, Clone)]
pub struct Identity {
    pub user_name: String,
    pub app_version: String,
}

impl Identity {
    /// Who this device's user is: `SEAMLINE_USER` when set (scripts), else the name the user
    /// gave (`MeRoom::user_name`), else the login name the operating system gives.
    pub fn of(ws: &Workspace) -> Identity {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let user_name = env("SEAMLINE_USER")
            .or_else(|| ws.me().user_name().ok().flatten())
            .or_else(|| env("USER"))
            .or_else(|| env("USERNAME"))
            .unwrap_or_else(|| "Seamline user".into());
        Identity { user_name, app_version: APP_VERSION.into() }
    }
}

pub(crate) fn now(ws: &Workspace) -> String {
    ws.now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The header of a file (or why it is not a segment) and a fingerprint of its first bytes:
/// the header's checksum for a segment, else a hash of what was read.
pub(crate) type Head = (std::result::Result<segment::Header, Rejection>, String);

pub(crate) fn read_head(path: &Path, len: u64) -> std::io::Result<Head> {
    use std::io::Read;
    let (file, _) = folder::open_file(path)?;
    let mut head = Vec::with_capacity(HEADER_LEN);
    file.take(HEADER_LEN as u64).read_to_end(&mut head)?;
    let header = segment::read_header(&head, len);
    let fingerprint = match &header {
        Ok(h) => h.checksum_hex(),
        Err(_) => crate::hex::sha256(&head),
    };
    Ok((header, fingerprint))
}

/// This device as an admitted member with its keys: admitted by no one (it shared the
/// project), or by `(inviter, invite id)`.
pub(crate) fn admit_self(
    ws: &Workspace,
    keys: &DeviceKeys,
    side: Side,
    admitted: Option<(String, String)>,
) -> Member {
    let (admitted_by, invite_id) = admitted.unzip();
    Member {
        device: ws.device_id().to_string(),
        sign_pk: keys.sign_pk(),
        kex_pk: keys.kex_pk(),
        side,
        admitted_by,
        invite_id,
        admitted_at: Some(now(ws)),
    }
}
