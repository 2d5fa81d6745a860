//! The primitives of the encrypted status page (`sealed_page`): what a browser's WebCrypto
//! opens (AES-256-GCM under a nonce the page derives, so the same page seals to the same bytes
//! on every device) and the members' page-signing key (Ed25519 from a derived seed).

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use ed25519_dalek::{Signer, SigningKey};
use sha2::{Digest, Sha256};

/// The key that signs a status page: the members', derived from the project key (or, to show
/// a forgery never opens, anyone's own).
pub struct PageSigner(SigningKey);

impl PageSigner {
    pub fn from_seed(seed: &[u8; 32]) -> PageSigner {
        PageSigner(SigningKey::from_bytes(seed))
    }

    /// Its public half, which the page carries and the view code names.
    pub fn public(&self) -> [u8; 32] {
        self.0.verifying_key().to_bytes()
    }

    pub fn sign(&self, msg: &[u8]) -> [u8; 64] {
        self.0.sign(msg).to_bytes()
    }

    /// SHA-256 of `label`, this key's secret and `msg`: a value no one without the key can
    /// compute (the page's nonce: one per content, which no one outside can guess a page from).
    pub fn keyed_hash(&self, label: &[u8], msg: &[u8]) -> [u8; 32] {
        sha256(&[label, &self.0.to_bytes(), msg])
    }
}

/// SHA-256 of the parts, one after the other.
pub fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// AES-256-GCM of `plain` under `key` and the nonce `iv` (the caller derives it, once per
/// content).
pub fn page_seal(key: &[u8; 32], iv: &[u8; 12], plain: &[u8]) -> Vec<u8> {
    Aes256Gcm::new(key.into())
        .encrypt(Nonce::from_slice(iv), plain)
        .expect("AES-GCM seals any page under 64 GiB")
}

/// What [`page_seal`] sealed, or `None` for another key, nonce or a changed byte.
pub fn page_open(key: &[u8; 32], iv: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
    if iv.len() != 12 {
        return None;
    }
    Aes256Gcm::new(key.into()).decrypt(Nonce::from_slice(iv), sealed).ok()
}
