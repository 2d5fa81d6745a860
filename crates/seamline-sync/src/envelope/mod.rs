//! Signed control files of an encrypted folder (`*.sl` in a device's directory): the records
//! that say who is admitted, who was removed, which keys exist and who a device is.
//!
//! ```text
//! offset  size  field
//!      0     8  magic "SEAMLCTL"
//!      8     2  format version (u16 LE), 2
//!     10     1  kind (1 claim, 2 invite, 3 removal, 4 keys, 5 profile, 6 upgrade)
//!     11     1  0, reserved
//!     12     4  payload length (u32 LE)
//!     16     n  payload: a MessagePack map (the kind's record)
//!   16+n    64  Ed25519 signature by the directory's device of
//!               "seamline/ctl/2\0" ‖ project id ‖ "\0" ‖ device id ‖ "\0" ‖ bytes 0..16+n
//! ```
//!
//! The signature binds the record to its project and to the directory it is in: a record
//! copied into another device's directory, or into another project's folder, does not verify.
//! Nothing in a record is read before its signature is checked against the device's pinned
//! key, except by [`peek`], which the roster uses to find a joining device's own claim.

use serde::{de::DeserializeOwned, Serialize};

use crate::crypto::{self, DeviceKeys, SIG_LEN};

pub const MAGIC: &[u8; 8] = b"SEAMLCTL";
pub const VERSION: u16 = 2;
const HEAD: usize = 16;
/// Largest control file read (a keys record for a few hundred devices is far below it).
pub const MAX_BYTES: u64 = 1024 * 1024;
/// Their file names end so (any name: sync services' conflict copies keep the ending).
pub const EXT: &str = ".sl";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Claim = 1,
    Invite = 2,
    Removal = 3,
    Keys = 4,
    Profile = 5,
    Upgrade = 6,
    Admission = 7,
    Withdrawal = 8,
    Refusal = 9,
    /// A member's record sealed under a project key: its own kind is inside (see [`Sealed`]).
    Sealed = 10,
}

impl Kind {
    fn from_byte(b: u8) -> Option<Kind> {
        Some(match b {
            1 => Kind::Claim,
            2 => Kind::Invite,
            3 => Kind::Removal,
            4 => Kind::Keys,
            5 => Kind::Profile,
            6 => Kind::Upgrade,
            7 => Kind::Admission,
            8 => Kind::Withdrawal,
            9 => Kind::Refusal,
            10 => Kind::Sealed,
            _ => return None,
        })
    }
}

mod records;
pub use records::*;

fn context(project: &str, device: &str) -> Vec<u8> {
    [b"seamline/ctl/2\0".as_slice(), project.as_bytes(), b"\0", device.as_bytes(), b"\0"].concat()
}

/// Encodes and signs a record for `device`'s directory of `project`'s folder.
pub fn seal_record<T: Serialize>(
    kind: Kind,
    record: &T,
    project: &str,
    device: &str,
    keys: &DeviceKeys,
) -> Vec<u8> {
    let payload = rmp_serde::to_vec_named(record).expect("a record encodes");
    let mut out = Vec::with_capacity(HEAD + payload.len() + SIG_LEN);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.push(kind as u8);
    out.push(0);
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&payload);
    let sig = keys.sign(&[context(project, device), out.clone()].concat());
    out.extend_from_slice(&sig);
    out
}

/// Why a control file is refused. Shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("not a Seamline record")]
    NotARecord,
    #[error("a device uses a newer Seamline; update to see its changes")]
    Newer,
    #[error("padded: longer than its header says")]
    WrongLength,
    /// Shorter than its header says (or empty): a file a sync service is still bringing down.
    /// Never remembered as refused; read again once whole.
    #[error("still arriving")]
    Incomplete,
    #[error("not signed by its device's key: forged, damaged, or copied from elsewhere")]
    Signature,
    #[error("damaged: its record cannot be read ({0})")]
    Body(String),
}

/// The kind and payload of a well-formed record, before its signature is checked.
fn split(bytes: &[u8]) -> Result<(Kind, &[u8], &[u8]), Refused> {
    let n = bytes.len().min(MAGIC.len());
    if bytes[..n] != MAGIC[..n] {
        return Err(Refused::NotARecord);
    }
    if bytes.len() < HEAD {
        return Err(Refused::Incomplete);
    }
    if u16::from_le_bytes([bytes[8], bytes[9]]) != VERSION {
        return Err(Refused::Newer);
    }
    let kind = Kind::from_byte(bytes[10]).ok_or(Refused::Newer)?;
    let len = u32::from_le_bytes(bytes[12..16].try_into().expect("4 bytes")) as usize;
    if bytes.len() < HEAD + len + SIG_LEN {
        return Err(Refused::Incomplete);
    }
    if bytes.len() > HEAD + len + SIG_LEN {
        return Err(Refused::WrongLength);
    }
    Ok((kind, &bytes[..HEAD + len], &bytes[HEAD + len..]))
}

/// The record's kind and its payload decoded as `T`, read without checking the signature:
/// only to learn the keys a joining device claims, which are then checked in turn.
pub fn peek<T: DeserializeOwned>(bytes: &[u8]) -> Result<(Kind, T), Refused> {
    let (kind, signed, _) = split(bytes)?;
    let record = rmp_serde::from_slice(&signed[HEAD..]).map_err(|e| Refused::Body(e.to_string()))?;
    Ok((kind, record))
}

/// The record's kind, when `bytes` are a well-formed record signed by `sign_pk` for this
/// device's directory of this project's folder.
pub fn verify(bytes: &[u8], project: &str, device: &str, sign_pk: &[u8; 32]) -> Result<Kind, Refused> {
    let (kind, signed, sig) = split(bytes)?;
    if !crypto::verify(sign_pk, &[context(project, device).as_slice(), signed].concat(), sig) {
        return Err(Refused::Signature);
    }
    Ok(kind)
}

/// A verified record's payload.
pub fn open<T: DeserializeOwned>(
    bytes: &[u8],
    project: &str,
    device: &str,
    sign_pk: &[u8; 32],
) -> Result<(Kind, T), Refused> {
    verify(bytes, project, device, sign_pk)?;
    peek(bytes)
}

/// What a sealed record's plaintext is bound to: the project and the writing device.
fn sealed_aad(project: &str, device: &str) -> Vec<u8> {
    [b"seamline/sealed-record/2\0".as_slice(), project.as_bytes(), b"\0", device.as_bytes()].concat()
}

/// A member's record of `kind`, sealed under `key` (written as a [`Kind::Sealed`] record).
pub fn seal_inner<T: Serialize>(
    kind: Kind,
    record: &T,
    project: &str,
    device: &str,
    key: &[u8; 32],
) -> Sealed {
    let mut plain = vec![kind as u8];
    plain.extend(rmp_serde::to_vec_named(record).expect("a record encodes"));
    Sealed {
        key_id: crypto::key_id(key),
        sealed: crate::hex::encode(&crypto::seal(key, &sealed_aad(project, device), &plain)),
    }
}

/// The kind and payload inside a sealed record, when one of `keys` opens it.
pub fn open_inner(
    sealed: &Sealed,
    project: &str,
    device: &str,
    keys: &[(u32, [u8; 32])],
) -> Option<(Kind, Vec<u8>)> {
    let key = keys.iter().find(|(_, k)| crypto::key_id(k) == sealed.key_id)?;
    let bytes = crate::hex::bytes(&sealed.sealed, MAX_BYTES as usize)?;
    let plain = crypto::open(&key.1, &sealed_aad(project, device), &bytes)?;
    let (&kind, payload) = plain.split_first()?;
    Some((Kind::from_byte(kind)?, payload.to_vec()))
}

/// A payload decoded as `T` (`None` when it is not one).
pub fn decode<T: DeserializeOwned>(payload: &[u8]) -> Option<T> {
    rmp_serde::from_slice(payload).ok()
}

/// The kind a record says it is, without reading further.
pub fn kind_of(bytes: &[u8]) -> Option<Kind> {
    split(bytes).ok().map(|(k, _, _)| k)
}

/// The payload bytes of a well-formed record (its signature not checked here).
pub fn payload(bytes: &[u8]) -> Option<&[u8]> {
    split(bytes).ok().map(|(_, signed, _)| &signed[HEAD..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Removal {
        Removal {
            device: "d2".into(),
            at: "2027-01-15T10:00:00Z".into(),
            cut_hlc: 7,
            kept: vec![],
            epoch: 2,
            segments: vec!["ab12".into()],
        }
    }

    #[test]
    fn a_record_opens_only_for_its_device_project_and_key() {
        let keys = DeviceKeys::from_seed(&crypto::random());
        let bytes = seal_record(Kind::Removal, &record(), "p1", "d1", &keys);
        let (kind, back): (Kind, Removal) = open(&bytes, "p1", "d1", &keys.sign_pk()).unwrap();
        assert_eq!((kind, back), (Kind::Removal, record()));
        assert_eq!(
            verify(&bytes, "p1", "d9", &keys.sign_pk()),
            Err(Refused::Signature),
            "copied to another device"
        );
        assert_eq!(verify(&bytes, "p2", "d1", &keys.sign_pk()), Err(Refused::Signature), "another project");
        let other = DeviceKeys::from_seed(&crypto::random());
        assert_eq!(verify(&bytes, "p1", "d1", &other.sign_pk()), Err(Refused::Signature), "another key");
    }

    #[test]
    fn every_flipped_byte_and_every_cut_is_refused() {
        let keys = DeviceKeys::from_seed(&crypto::random());
        let bytes = seal_record(Kind::Removal, &record(), "p1", "d1", &keys);
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x20;
            assert!(verify(&bad, "p1", "d1", &keys.sign_pk()).is_err(), "flipped byte {i}");
        }
        for len in 0..bytes.len() {
            // Cut short is a file still on its way, read again once whole.
            assert_eq!(
                verify(&bytes[..len], "p1", "d1", &keys.sign_pk()),
                Err(Refused::Incomplete),
                "cut at {len}"
            );
        }
        let mut padded = bytes.clone();
        padded.push(0);
        assert_eq!(verify(&padded, "p1", "d1", &keys.sign_pk()), Err(Refused::WrongLength));
    }
}
