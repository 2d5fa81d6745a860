//! The segment file: a fixed header, then a zstd-compressed MessagePack body of ops.
//!
//! ```text
//! offset  size  field
//!      0     8  magic "SEAMLOPS"
//!      8     2  format version (u16, little endian)
//!     10     2  minimum reader version (u16, little endian)
//!     12     4  flags (u32, little endian; 0, reserved)
//!     16     8  body length in bytes (u64, little endian)
//!     24    32  SHA-256 of bytes 0..24 followed by the body
//!     56     …  body: one zstd frame holding a MessagePack map (see `Body`)
//! ```
//!
//! In an encrypted folder (format 2) the header says format 2, minimum reader 2 and flag bit
//! 0 ("sealed"), and the body is sealed and signed:
//!
//! ```text
//!      0     4  the id of the project key it is sealed with (u32 LE)
//!      4     …  XChaCha20-Poly1305 nonce, ciphertext of the zstd frame, tag
//!              (bound to bytes 0..24 of the header, the project and the device)
//!   n-64    64  Ed25519 signature by the device of
//!               "seamline/seg/2\0" ‖ project ‖ "\0" ‖ device ‖ "\0" ‖ the checksum
//! ```
//!
//! and the checksum covers the header's first 24 bytes and the body without its signature.
//! The signature is checked before anything is decrypted, and the decryption before anything
//! is decompressed: a file its device did not sign costs a hash, nothing more.
//!
//! Decoding checks everything before it hands out an op: the magic, that the body length
//! matches the file, the checksum, the reader version. It then decompresses into a buffer of
//! bounded size and walks the MessagePack body op by op, handing each op to the caller as it
//! goes, so a whole file's ops are never held at once. Every string is borrowed from the
//! buffer and its length checked before it is copied, and each op's value is built against a
//! byte budget: a small file cannot make the reader allocate more than the limits below. A
//! file that fails any check yields a [`Rejection`] that says why.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use seamline_store::oplog::Op;
use serde::Serialize;
use sha2::{Digest, Sha256};

mod body;
mod sealed;
use body::parse;
use sealed::open_sealed;
pub use sealed::{decode_sealed, encode_sealed, Opener, Sealer};

pub const MAGIC: &[u8; 8] = b"SEAMLOPS";
pub const HEADER_LEN: usize = 56;
/// The segment format this build writes into a plaintext folder (format 1).
pub const FORMAT_VERSION: u16 = 1;
/// The sealed segment format of an encrypted folder.
pub const SEALED_VERSION: u16 = 2;
/// The newest minimum-reader version this build can read.
pub const READER_VERSION: u16 = 2;
/// Header flag: the body is sealed and signed.
pub const FLAG_SEALED: u32 = 1;
/// Largest compressed body accepted. A project's whole history compresses far below this
/// (the 100,000-op benchmark workload takes about 2 MB).
pub const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;
/// Largest decompressed body accepted: the buffer a segment is decoded from never grows past
/// it, whatever the compressed file claims.
pub const MAX_DECOMPRESSED_BYTES: u64 = 64 * 1024 * 1024;
/// Most ops one segment may carry (a snapshot of a large project holds tens of thousands).
pub const MAX_OPS: usize = 250_000;
/// Largest value of one op, counted as it is built (strings by their bytes, every list or
/// map entry and scalar by a fixed overhead), so a deeply nested or sprawling value is
/// refused before it grows: the same bound as `seamline_store::import::MAX_VALUE_BYTES`.
pub const MAX_VALUE_BUDGET: usize = seamline_store::import::MAX_VALUE_BYTES;
/// Deepest nesting of lists and maps in a value (real values are flat).
const MAX_VALUE_DEPTH: u8 = 16;
/// What one node of a value costs against the budget, besides its text.
const NODE_COST: usize = 48;
/// Longest id or name in a body or an op (ids are 36 characters).
const MAX_NAME: usize = 64;
/// zstd's default level. Level 6 took 4.7 times as long on 20,000 typical ops (27 ms against
/// 6 ms for 5 MB of MessagePack) for an output no smaller (302 KB against 270 KB), and
/// compressing was half of every export (issue 29). Readers take any level.
const ZSTD_LEVEL: i32 = 3;

/// What a segment holds, as this build writes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Body {
    /// The device that wrote the segment; every op in it is that device's.
    pub device: String,
    pub project_id: String,
    /// The device's segment number (a snapshot takes the next number too).
    pub seq: u64,
    /// "ops" for the ops made since the previous segment, "snapshot" for all of the device's
    /// ops in the project (written when compacting).
    pub kind: String,
    /// When it was written, RFC 3339.
    pub created_at: String,
    pub ops: Vec<Op>,
}

/// A segment's body without its ops (those went to the caller one by one).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Info {
    pub device: String,
    pub project_id: String,
    pub seq: u64,
    pub kind: String,
    pub created_at: String,
    /// How many ops the body held.
    pub ops: usize,
}

/// Why a file is not a segment this build can use. The text is shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error("not a Seamline segment")]
    NotASegment,
    #[error("padded: the header says {expected} bytes of body, the file has {found}")]
    WrongLength { expected: u64, found: u64 },
    /// Shorter than its header says, or cut inside the header: a file a sync service is still
    /// bringing down (or writing). Never remembered as refused: it is read again once whole.
    #[error("still arriving: {found} of {expected} bytes so far")]
    Incomplete { expected: u64, found: u64 },
    #[error("damaged: its checksum does not match its content")]
    Checksum,
    #[error("a device uses a newer Seamline; update to see its changes")]
    NewerFormat,
    #[error("too large to be a segment (over {} MB of body)", MAX_BODY_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("decompresses to more than {} MB; a Seamline segment is never that large", MAX_DECOMPRESSED_BYTES / 1024 / 1024)]
    TooLargeDecompressed,
    #[error("holds more than {MAX_OPS} ops; a Seamline segment never holds that many")]
    TooManyOps,
    #[error("damaged: its body cannot be read ({0})")]
    Body(String),
    #[error("cannot be read: {0}")]
    Io(String),
    #[error("not signed by its device's key: forged, damaged, or copied from another device's folder")]
    Signature,
    #[error("sealed with a project key this device has not received (key {0:08x}); it is read once the key arrives")]
    UnknownKey(u32),
    #[error("cannot be decrypted with the project's key: damaged or forged")]
    Decrypt,
    #[error("an unencrypted file in an encrypted project; ignored")]
    Plaintext,
    #[error("encrypted, in a folder this device shares without encryption; ignored")]
    Sealed,
}

/// Decoding stopped: the file is refused, or the caller's handling of an op failed.
#[derive(Debug)]
pub enum Stop<E> {
    Rejected(Rejection),
    Caller(E),
}

impl<E> From<Rejection> for Stop<E> {
    fn from(r: Rejection) -> Self {
        Stop::Rejected(r)
    }
}

/// The header fields, after the magic and length were checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub format_version: u16,
    /// Bit 0: sealed and signed (an encrypted folder's segment).
    pub flags: u32,
    pub min_reader_version: u16,
    pub body_len: u64,
    pub checksum: [u8; 32],
}

impl Header {
    pub fn sealed(&self) -> bool {
        self.flags & FLAG_SEALED != 0
    }

    /// The checksum as the lowercase hex that names imported segments.
    pub fn checksum_hex(&self) -> String {
        crate::hex::encode(&self.checksum)
    }
}

/// Encodes a segment file.
pub fn encode(body: &Body) -> Result<(Vec<u8>, String), String> {
    let packed = rmp_serde::to_vec_named(body).map_err(|e| e.to_string())?;
    let compressed = zstd::bulk::compress(&packed, ZSTD_LEVEL).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(HEADER_LEN + compressed.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&READER_VERSION.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(compressed.len() as u64).to_le_bytes());
    let sum = checksum(&out[..24], &compressed);
    out.extend_from_slice(&sum);
    out.extend_from_slice(&compressed);
    Ok((out, crate::hex::encode(&sum)))
}

fn collect(packed: &[u8], header: Header) -> Result<(Header, Body), Rejection> {
    let mut ops = Vec::new();
    let info = parse(packed, |op| {
        ops.push(op);
        Ok::<(), ()>(())
    })
    .map_err(|s| match s {
        Stop::Rejected(r) => r,
        Stop::Caller(()) => unreachable!("the collector never fails"),
    })?;
    let Info { device, project_id, seq, kind, created_at, .. } = info;
    Ok((header, Body { device, project_id, seq, kind, created_at, ops }))
}

fn checksum(head: &[u8], body: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(head);
    h.update(body);
    h.finalize().into()
}

/// Reads and checks the header alone (cheap: tells an already-imported file by its checksum
/// without reading the body). `file_len` is the file's size.
pub fn read_header(head: &[u8], file_len: u64) -> Result<Header, Rejection> {
    if head.len() < HEADER_LEN {
        // Empty, or cut inside the header, and what there is starts like a segment: a file on
        // its way (an online-only file read as empty, a download caught half done).
        let n = head.len().min(MAGIC.len());
        if head[..n] == MAGIC[..n] {
            return Err(Rejection::Incomplete { expected: HEADER_LEN as u64, found: head.len() as u64 });
        }
        return Err(Rejection::NotASegment);
    }
    if &head[..8] != MAGIC {
        return Err(Rejection::NotASegment);
    }
    let u16_at = |i: usize| u16::from_le_bytes([head[i], head[i + 1]]);
    let body_len = u64::from_le_bytes(head[16..24].try_into().expect("8 bytes"));
    if body_len > MAX_BODY_BYTES {
        return Err(Rejection::TooLarge);
    }
    let found = file_len.saturating_sub(HEADER_LEN as u64);
    if found < body_len {
        return Err(Rejection::Incomplete { expected: HEADER_LEN as u64 + body_len, found: file_len });
    }
    if found > body_len {
        return Err(Rejection::WrongLength { expected: body_len, found });
    }
    Ok(Header {
        format_version: u16_at(8),
        flags: u32::from_le_bytes(head[12..16].try_into().expect("4 bytes")),
        min_reader_version: u16_at(10),
        body_len,
        checksum: head[24..56].try_into().expect("32 bytes"),
    })
}

/// Decodes a whole segment held in memory, checking everything; returns every op.
pub fn decode(file: &[u8]) -> Result<(Header, Body), Rejection> {
    let header = read_header(file, file.len() as u64)?;
    let body = &file[HEADER_LEN..];
    if checksum(&file[..24], body) != header.checksum {
        return Err(Rejection::Checksum);
    }
    check_version(&header)?;
    if header.sealed() {
        return Err(Rejection::Sealed);
    }
    let packed = decompress(body)?;
    collect(&packed, header)
}

/// Decodes the segment file at `path` (opened without following links), checking everything,
/// and hands each op to `on_op` in file order. Memory stays within the decompressed-size
/// limit plus one op (plus the sealed body, for an encrypted folder), however many ops the
/// file holds. `opener` is `Some` in an encrypted folder, where only sealed segments signed
/// by their device are read, and `None` in a plaintext one, where only plain segments are.
pub fn read_file<E>(
    path: &Path,
    opener: Option<&Opener<'_>>,
    on_op: impl FnMut(Op) -> Result<(), E>,
) -> Result<(Header, Info), Stop<E>> {
    let io = |e: std::io::Error| Rejection::Io(e.to_string());
    let (mut file, len) = crate::folder::open_file(path).map_err(io)?;
    let mut head = [0u8; HEADER_LEN];
    let n = read_up_to(&mut file, &mut head).map_err(io)?;
    let header = read_header(&head[..n], len)?;
    if let Some(opener) = opener.filter(|_| header.sealed()) {
        let mut body = Vec::with_capacity(header.body_len as usize);
        (&mut file).take(header.body_len).read_to_end(&mut body).map_err(io)?;
        if body.len() as u64 != header.body_len {
            return Err(Rejection::Checksum.into());
        }
        let compressed = open_sealed(&head, &header, &body, opener)?;
        drop(body);
        let packed = decompress(compressed.as_slice())?;
        let info = parse(&packed, on_op)?;
        return Ok((header, info));
    }
    // The checksum first, streaming: nothing is decompressed from a damaged file.
    let mut hasher = Sha256::new();
    hasher.update(&head[..24]);
    let copied =
        std::io::copy(&mut (&mut file).take(header.body_len), &mut HashWriter(&mut hasher)).map_err(io)?;
    if copied != header.body_len || <[u8; 32]>::from(hasher.finalize()) != header.checksum {
        return Err(Rejection::Checksum.into());
    }
    check_version(&header)?;
    // Whole and of a version this build reads, but of the other kind of folder.
    if header.sealed() {
        return Err(Rejection::Sealed.into());
    }
    if opener.is_some() {
        return Err(Rejection::Plaintext.into());
    }
    file.seek(SeekFrom::Start(HEADER_LEN as u64)).map_err(io)?;
    let packed = decompress((&mut file).take(header.body_len))?;
    let info = parse(&packed, on_op)?;
    Ok((header, info))
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

struct HashWriter<'a>(&'a mut Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Checked after the checksum, so a damaged byte is reported as damage, not as a newer app.
fn check_version(header: &Header) -> Result<(), Rejection> {
    if header.min_reader_version > READER_VERSION {
        return Err(Rejection::NewerFormat);
    }
    Ok(())
}

/// Decompresses a body into a buffer that never grows past [`MAX_DECOMPRESSED_BYTES`].
fn decompress(body: impl Read) -> Result<Vec<u8>, Rejection> {
    let decoder = zstd::stream::read::Decoder::new(body).map_err(|e| Rejection::Body(e.to_string()))?;
    let mut packed = Vec::new();
    decoder
        .take(MAX_DECOMPRESSED_BYTES + 1)
        .read_to_end(&mut packed)
        .map_err(|e| Rejection::Body(format!("not zstd: {e}")))?;
    if packed.len() as u64 > MAX_DECOMPRESSED_BYTES {
        return Err(Rejection::TooLargeDecompressed);
    }
    Ok(packed)
}

#[cfg(test)]
mod tests;
