//! Hex text, one way for the whole crate: keys and hashes inside records, content names of kept
//! records and segments. Written lowercase; read permissively (either case) and bounded.

use sha2::Digest;

/// Lowercase hex of `bytes`.
pub fn encode(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

/// 32 bytes from hex text (a key in a record); `None` when it is anything else.
pub fn key32(text: &str) -> Option<[u8; 32]> {
    data_encoding::HEXLOWER_PERMISSIVE.decode(text.as_bytes()).ok()?.try_into().ok()
}

/// Bytes from hex text, at most `max` of them (longer text is refused unread).
pub fn bytes(text: &str, max: usize) -> Option<Vec<u8>> {
    if text.len() > max * 2 {
        return None;
    }
    data_encoding::HEXLOWER_PERMISSIVE.decode(text.as_bytes()).ok()
}

/// The SHA-256 of `bytes` as hex: what names a kept record or a segment by its content.
pub fn sha256(bytes: &[u8]) -> String {
    encode(&sha2::Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    #[test]
    fn hex_reads_back_what_it_writes_and_refuses_the_rest() {
        let key = [0xabu8; 32];
        assert_eq!(super::key32(&super::encode(&key)), Some(key));
        assert_eq!(super::key32(&super::encode(&key).to_uppercase()), Some(key), "either case");
        assert_eq!(super::key32("abcd"), None, "too short for a key");
        assert_eq!(super::key32(&"zz".repeat(32)), None);
        assert_eq!(super::bytes("00ff", 2), Some(vec![0, 255]));
        assert_eq!(super::bytes("00ff00", 2), None, "longer than allowed");
        assert_eq!(super::sha256(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
