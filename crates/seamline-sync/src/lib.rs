//! The shared-folder format and the exchange between a workspace and a folder.
//!
//! This crate will hold (see `DESIGN.md` section 4 and the shared-folder sync issue):
//! - the folder layout: `seamline.json`, `devices/<device-id>/device.json` and immutable
//!   `seg-<seq>-<hash8>.ops` segment files, written by temp file, fsync and rename;
//! - the segment codec: a fixed header (magic, format version, minimum reader version, body
//!   length, checksum over header and body) and a compressed body of ops;
//! - import (validate every new file, then apply its ops in one transaction) and export (the
//!   ops this device made since its last export, for the linked project only).
//!
//! It must never let a file from the folder change local data before the whole file has been
//! validated, and never write outside its own device directory.

/// The first bytes of every segment file, so files are recognised by content, not by name
/// (sync services rename conflict copies freely).
pub const SEGMENT_MAGIC: &[u8; 8] = b"SEAMLOPS";

/// The segment format this build writes.
pub const FORMAT_VERSION: u16 = 1;

/// The name of the folder descriptor written once when a project is linked.
pub const FOLDER_DESCRIPTOR: &str = "seamline.json";

#[cfg(test)]
mod tests {
    #[test]
    fn magic_is_eight_printable_bytes() {
        assert_eq!(super::SEGMENT_MAGIC.len(), 8);
        assert!(super::SEGMENT_MAGIC.iter().all(|b| b.is_ascii_graphic()));
    }
}
