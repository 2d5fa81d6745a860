//! The sealed segment of an encrypted folder (format 2): the body encrypted under the project
//! key and signed by its device; the layout is in the parent module's documentation. Checks
//! run in the order that keeps a forged file cheap: checksum, signature, version, key,
//! decryption, and only then the decompression and decoding the plain format does.

use super::{check_version, checksum, collect, decompress, read_header, Body, Header, Rejection};
use super::{FLAG_SEALED, HEADER_LEN, MAGIC, SEALED_VERSION, ZSTD_LEVEL};

const SEG_CONTEXT: &[u8] = b"seamline/seg/2\0";

/// How this device seals and signs the segments it writes into an encrypted folder.
pub struct Sealer<'a> {
    pub keys: &'a crate::crypto::DeviceKeys,
    pub project: &'a str,
    pub device: &'a str,
    pub key: &'a [u8; 32],
}

/// How a segment of an encrypted folder is checked and opened: its device's pinned key and
/// the project's keys this device holds.
pub struct Opener<'a> {
    pub project: &'a str,
    pub device: &'a str,
    pub sign_pk: &'a [u8; 32],
    pub keys: &'a [(u32, [u8; 32])],
}

fn seg_message(project: &str, device: &str, checksum: &[u8; 32]) -> Vec<u8> {
    [SEG_CONTEXT, project.as_bytes(), b"\0", device.as_bytes(), b"\0", checksum].concat()
}

fn seal_aad(head: &[u8], project: &str, device: &str, key_id: u32) -> Vec<u8> {
    [&head[..24], project.as_bytes(), b"\0", device.as_bytes(), b"\0", &key_id.to_le_bytes()].concat()
}

/// Encodes a segment of an encrypted folder: sealed under the project key, signed by the
/// device.
pub fn encode_sealed(body: &Body, sealer: &Sealer<'_>) -> Result<(Vec<u8>, String), String> {
    let packed = rmp_serde::to_vec_named(body).map_err(|e| e.to_string())?;
    let compressed = zstd::bulk::compress(&packed, ZSTD_LEVEL).map_err(|e| e.to_string())?;
    let sealed_len = 4 + crate::crypto::SEAL_OVERHEAD + compressed.len() + crate::crypto::SIG_LEN;
    let mut out = Vec::with_capacity(HEADER_LEN + sealed_len);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&SEALED_VERSION.to_le_bytes());
    out.extend_from_slice(&SEALED_VERSION.to_le_bytes());
    out.extend_from_slice(&FLAG_SEALED.to_le_bytes());
    out.extend_from_slice(&(sealed_len as u64).to_le_bytes());
    let key_id = crate::crypto::key_id(sealer.key);
    let aad = seal_aad(&out, sealer.project, sealer.device, key_id);
    let mut sealed = Vec::with_capacity(sealed_len);
    sealed.extend_from_slice(&key_id.to_le_bytes());
    sealed.extend_from_slice(&crate::crypto::seal(sealer.key, &aad, &compressed));
    let sum = checksum(&out[..24], &sealed);
    sealed.extend_from_slice(&sealer.keys.sign(&seg_message(sealer.project, sealer.device, &sum)));
    out.extend_from_slice(&sum);
    out.extend_from_slice(&sealed);
    Ok((out, crate::hex::encode(&sum)))
}

/// Checks and opens a sealed body held in memory: checksum, then signature, then version,
/// then decryption; returns the zstd frame.
pub(super) fn open_sealed(
    head: &[u8],
    header: &Header,
    body: &[u8],
    opener: &Opener<'_>,
) -> Result<Vec<u8>, Rejection> {
    let sig_at = body.len().checked_sub(crate::crypto::SIG_LEN + 4).ok_or(Rejection::Checksum)? + 4;
    let (signed, sig) = body.split_at(sig_at);
    if checksum(&head[..24], signed) != header.checksum {
        return Err(Rejection::Checksum);
    }
    if !crate::crypto::verify(
        opener.sign_pk,
        &seg_message(opener.project, opener.device, &header.checksum),
        sig,
    ) {
        return Err(Rejection::Signature);
    }
    check_version(header)?;
    let key_id = u32::from_le_bytes(signed[..4].try_into().expect("4 bytes"));
    let key = opener
        .keys
        .iter()
        .find(|(_, k)| crate::crypto::key_id(k) == key_id)
        .ok_or(Rejection::UnknownKey(key_id))?;
    crate::crypto::open(&key.1, &seal_aad(head, opener.project, opener.device, key_id), &signed[4..])
        .ok_or(Rejection::Decrypt)
}

/// Decodes a sealed segment held in memory, checking everything; returns every op.
pub fn decode_sealed(file: &[u8], opener: &Opener<'_>) -> Result<(Header, Body), Rejection> {
    let header = read_header(file, file.len() as u64)?;
    if !header.sealed() {
        return Err(Rejection::Plaintext);
    }
    let compressed = open_sealed(file, &header, &file[HEADER_LEN..], opener)?;
    let packed = decompress(compressed.as_slice())?;
    collect(&packed, header)
}
