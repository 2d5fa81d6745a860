//! The cryptography of an encrypted shared folder (folder format 2): device keys, project
//! keys, sealing, signatures, invite codes and fingerprints. Every primitive comes from a
//! well-kept RustCrypto or dalek crate; this module only fixes how Seamline uses them
//! (which key for what, what each signature and each seal is bound to), so that a value
//! sealed or signed for one purpose can never be taken for another.
//!
//! - A **device** has one 32-byte seed (kept by [`crate::keystore`]); HKDF turns it into an
//!   Ed25519 signing key (every file the device writes is signed with it) and an X25519 key
//!   (new project keys are wrapped to it when a device is removed).
//! - A **project key** (32 bytes, one per epoch) seals segment bodies and device profiles
//!   with XChaCha20-Poly1305. Only admitted devices hold it: it reaches a device wrapped to
//!   its own X25519 key, in the admission a member writes for it, and later epochs reach
//!   every remaining device the same way.
//! - An **invite code** carries a 120-bit secret: it opens the invite's anchor (whom to trust:
//!   the root and the members, never a project key) and derives the key that signs the joining
//!   device's claim.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use data_encoding::BASE32_NOPAD;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use hkdf::Hkdf;
use sha2::{Digest, Sha256};
use x25519_dalek::{PublicKey as KexPublic, StaticSecret};
use zeroize::Zeroizing;

mod page;
pub use page::{page_open, page_seal, sha256, PageSigner};

pub const KEY_LEN: usize = 32;
pub const SIG_LEN: usize = 64;
pub const NONCE_LEN: usize = 24;
/// What sealing adds to a plaintext: the nonce and the Poly1305 tag.
pub const SEAL_OVERHEAD: usize = NONCE_LEN + 16;
/// Bytes of secret in an invite code (120 bits: 24 base32 characters).
const INVITE_SECRET_LEN: usize = 15;
const INVITE_PREFIX: &str = "SL-";

pub type Key = Zeroizing<[u8; KEY_LEN]>;

/// `N` bytes from the operating system's random source.
pub fn random<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    // The OS random source does not fail on any platform Seamline runs on; a key made from
    // anything else would be worse than stopping.
    getrandom::fill(&mut b).expect("the operating system gives random bytes");
    b
}

/// A fresh project key.
pub fn new_key() -> Key {
    Zeroizing::new(random())
}

/// A project key's id, as files name the key they are sealed with.
pub fn key_id(key: &[u8; KEY_LEN]) -> u32 {
    let digest = Sha256::digest([b"seamline/key-id/2".as_slice(), key].concat());
    u32::from_le_bytes(digest[..4].try_into().expect("4 bytes"))
}

/// The key to seal with: the newest epoch's (and of two keys of one epoch, made by two
/// removals at once, the one with the greater id, on every device alike).
pub fn current_key(keys: &[(u32, [u8; KEY_LEN])]) -> Option<&[u8; KEY_LEN]> {
    keys.iter().max_by_key(|(epoch, key)| (*epoch, key_id(key))).map(|(_, k)| k)
}

/// HKDF-SHA256 of `ikm` with `salt`, for the purpose named by `info`.
pub fn derive(ikm: &[u8], salt: &[u8], info: &[u8]) -> Key {
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    Hkdf::<Sha256>::new(Some(salt), ikm)
        .expand(info, out.as_mut())
        .expect("32 bytes is a valid HKDF-SHA256 length");
    out
}

/// A device's keys, from its seed.
pub struct DeviceKeys {
    signing: SigningKey,
    kex: StaticSecret,
}

impl std::fmt::Debug for DeviceKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DeviceKeys({})", fingerprint(&self.sign_pk()))
    }
}

impl DeviceKeys {
    pub fn from_seed(seed: &[u8; KEY_LEN]) -> DeviceKeys {
        let sign = derive(seed, b"seamline", b"seamline/device-sign/2");
        let kex = derive(seed, b"seamline", b"seamline/device-kex/2");
        DeviceKeys { signing: SigningKey::from_bytes(&sign), kex: StaticSecret::from(*kex) }
    }

    pub fn sign_pk(&self) -> [u8; 32] {
        self.signing.verifying_key().to_bytes()
    }

    pub fn kex_pk(&self) -> [u8; 32] {
        KexPublic::from(&self.kex).to_bytes()
    }

    pub fn sign(&self, msg: &[u8]) -> [u8; SIG_LEN] {
        self.signing.sign(msg).to_bytes()
    }

    /// The name of one of this device's records in a project's folder (`r-` and 16 hex
    /// digits): the same for the same record each time, so a record is replaced in place, and
    /// meaningless to anyone without this device's key (it says neither what the record is
    /// nor when it was written).
    pub fn record_name(&self, project: &str, logical: &str) -> String {
        let key = derive(&self.signing.to_bytes(), project.as_bytes(), b"seamline/record-name/2");
        let digest = Sha256::digest([key.as_slice(), logical.as_bytes()].concat());
        format!("r-{}.sl", crate::hex::encode(&digest[..8]))
    }

    /// Opens what [`wrap`] sealed to this device's X25519 key.
    pub fn unwrap(&self, eph_pk: &[u8; 32], sealed: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
        let eph = KexPublic::from(*eph_pk);
        let shared = self.kex.diffie_hellman(&eph);
        if !shared.was_contributory() {
            return None;
        }
        let key =
            derive(shared.as_bytes(), &[eph_pk.as_slice(), &self.kex_pk()].concat(), b"seamline/wrap/2");
        open(&key, aad, sealed)
    }
}

/// Whether `sig` is `pk`'s signature of `msg` (strict: no malleable or weak-key signatures).
pub fn verify(pk: &[u8; 32], msg: &[u8], sig: &[u8]) -> bool {
    let Ok(key) = VerifyingKey::from_bytes(pk) else { return false };
    let Ok(sig) = <[u8; SIG_LEN]>::try_from(sig) else { return false };
    key.verify_strict(msg, &Signature::from_bytes(&sig)).is_ok()
}

/// Seals `plain` under `key`, bound to `aad`: a random nonce, then the ciphertext and tag.
pub fn seal(key: &[u8; KEY_LEN], aad: &[u8], plain: &[u8]) -> Vec<u8> {
    let nonce: [u8; NONCE_LEN] = random();
    let cipher = XChaCha20Poly1305::new(key.into());
    let sealed = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain, aad })
        .expect("XChaCha20-Poly1305 seals any message under 256 GiB");
    let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    out
}

/// Opens what [`seal`] made; `None` when the key, the binding or any byte differs.
pub fn open(key: &[u8; KEY_LEN], aad: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
    if sealed.len() < SEAL_OVERHEAD {
        return None;
    }
    let (nonce, body) = sealed.split_at(NONCE_LEN);
    XChaCha20Poly1305::new(key.into()).decrypt(XNonce::from_slice(nonce), Payload { msg: body, aad }).ok()
}

/// Seals `plain` to a device's X25519 public key with a one-time key: (that key's public
/// half, the sealed bytes).
pub fn wrap(recipient_kex_pk: &[u8; 32], aad: &[u8], plain: &[u8]) -> Option<([u8; 32], Vec<u8>)> {
    let eph = StaticSecret::from(random::<32>());
    let eph_pk = KexPublic::from(&eph).to_bytes();
    let shared = eph.diffie_hellman(&KexPublic::from(*recipient_kex_pk));
    if !shared.was_contributory() {
        return None;
    }
    let key = derive(shared.as_bytes(), &[eph_pk.as_slice(), recipient_kex_pk].concat(), b"seamline/wrap/2");
    Some((eph_pk, seal(&key, aad, plain)))
}

/// A short fingerprint of a device's signing key, to compare over a call: `ABCDE-FGHIJ`.
pub fn fingerprint(sign_pk: &[u8; 32]) -> String {
    let text = BASE32_NOPAD.encode(&Sha256::digest(sign_pk));
    format!("{}-{}", &text[..5], &text[5..10])
}

/// The secret an invite code carries.
pub struct InviteSecret(Zeroizing<[u8; INVITE_SECRET_LEN]>);

/// A secret as a code people read out and type: `prefix` and base32 in groups of six
/// (`SL-ABCDEF-…` for an invite, `SV-…` for a status page's view code).
pub(crate) fn code_text(prefix: &str, secret: &[u8]) -> String {
    let text = BASE32_NOPAD.encode(secret);
    let groups: Vec<&str> = (0..text.len()).step_by(6).map(|i| &text[i..(i + 6).min(text.len())]).collect();
    format!("{prefix}{}", groups.join("-"))
}

/// The secret of a code as people type or paste it: any case, with or without `prefix`,
/// dashes and spaces anywhere, and the digits 0, 1 and 8 read as the letters O, I and B they
/// are mistaken for (base32 has no 0, 1, 8 or 9).
pub(crate) fn code_bytes(code: &str, prefix: &str) -> Option<Vec<u8>> {
    let clean: String = code
        .trim()
        .to_uppercase()
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '\t'))
        .map(|c| match c {
            '0' => 'O',
            '1' => 'I',
            '8' => 'B',
            c => c,
        })
        .collect();
    // A secret of 15 bytes is 24 characters: 26 are the prefix's two letters and the secret.
    let letters = prefix.trim_end_matches('-');
    let clean = match clean.strip_prefix(letters) {
        Some(rest) if clean.len() == 24 + letters.len() => rest,
        _ => clean.as_str(),
    };
    BASE32_NOPAD.decode(clean.as_bytes()).ok()
}

impl std::fmt::Debug for InviteSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "InviteSecret({})", self.id())
    }
}

impl InviteSecret {
    pub fn new() -> InviteSecret {
        InviteSecret(Zeroizing::new(random()))
    }

    /// Reads a code as people type or paste it: any case, with or without the `SL-` prefix,
    /// dashes and spaces anywhere, and the digits 0, 1 and 8 read as the letters O, I and B
    /// they are mistaken for (base32 has no 0, 1, 8 or 9).
    pub fn parse(code: &str) -> Option<InviteSecret> {
        let bytes = code_bytes(code, INVITE_PREFIX)?;
        let secret: [u8; INVITE_SECRET_LEN] = bytes.try_into().ok()?;
        Some(InviteSecret(Zeroizing::new(secret)))
    }

    /// The code to send: `SL-` and 24 characters in four groups.
    pub fn code(&self) -> String {
        code_text(INVITE_PREFIX, self.0.as_ref())
    }

    /// The invite's public id: names its file and its claims, reveals nothing of the secret.
    pub fn id(&self) -> String {
        let digest = Sha256::digest([b"seamline/invite-id/2".as_slice(), self.0.as_ref()].concat());
        crate::hex::encode(&digest[..8])
    }

    /// The key of the invite's anchor (whom a joining device trusts), for one project.
    pub fn anchor_key(&self, project: &str) -> Key {
        derive(self.0.as_ref(), project.as_bytes(), b"seamline/invite-anchor/3")
    }

    /// The key that signs a joining device's claim: holding the code is what admits it.
    fn claim_key(&self, project: &str) -> SigningKey {
        SigningKey::from_bytes(&derive(self.0.as_ref(), project.as_bytes(), b"seamline/invite-claim/2"))
    }

    /// The public half of the claim key, which the invite record carries.
    pub fn claim_pk(&self, project: &str) -> [u8; 32] {
        self.claim_key(project).verifying_key().to_bytes()
    }

    /// A claim's signature by the code: what proves the joining device holds it.
    pub fn sign_claim(&self, project: &str, msg: &[u8]) -> [u8; SIG_LEN] {
        self.claim_key(project).sign(msg).to_bytes()
    }
}

impl Default for InviteSecret {
    fn default() -> Self {
        InviteSecret::new()
    }
}

/// What a claim's invite signature covers: the device joining, and its keys.
pub fn claim_message(
    project: &str,
    invite_id: &str,
    device: &str,
    sign_pk: &[u8; 32],
    kex_pk: &[u8; 32],
) -> Vec<u8> {
    [
        b"seamline/claim/2\0".as_slice(),
        project.as_bytes(),
        b"\0",
        invite_id.as_bytes(),
        b"\0",
        device.as_bytes(),
        sign_pk,
        kex_pk,
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_bytes_open_only_with_their_key_and_binding() {
        let key = new_key();
        let sealed = seal(&key, b"project/device", b"Northwind CRM");
        assert_eq!(open(&key, b"project/device", &sealed).as_deref(), Some(b"Northwind CRM".as_slice()));
        assert!(open(&key, b"project/other", &sealed).is_none(), "bound to its context");
        assert!(open(&new_key(), b"project/device", &sealed).is_none(), "another key");
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 1;
            assert!(open(&key, b"project/device", &bad).is_none(), "flipped byte {i}");
        }
        for len in 0..sealed.len() {
            assert!(open(&key, b"project/device", &sealed[..len]).is_none(), "cut at {len}");
        }
    }

    #[test]
    fn a_signature_verifies_only_for_its_key_and_message() {
        let a = DeviceKeys::from_seed(&random());
        let b = DeviceKeys::from_seed(&random());
        let sig = a.sign(b"segment");
        assert!(verify(&a.sign_pk(), b"segment", &sig));
        assert!(!verify(&b.sign_pk(), b"segment", &sig), "another device's key");
        assert!(!verify(&a.sign_pk(), b"segmenT", &sig));
        let mut bad = sig;
        bad[10] ^= 4;
        assert!(!verify(&a.sign_pk(), b"segment", &bad));
        assert!(!verify(&a.sign_pk(), b"segment", &sig[..63]));
    }

    #[test]
    fn a_device_key_is_the_same_from_the_same_seed() {
        let seed = random();
        assert_eq!(DeviceKeys::from_seed(&seed).sign_pk(), DeviceKeys::from_seed(&seed).sign_pk());
        assert_ne!(DeviceKeys::from_seed(&seed).sign_pk(), DeviceKeys::from_seed(&random()).sign_pk());
    }

    #[test]
    fn a_wrapped_key_opens_only_for_its_recipient() {
        let to = DeviceKeys::from_seed(&random());
        let other = DeviceKeys::from_seed(&random());
        let (eph, sealed) = wrap(&to.kex_pk(), b"keys", b"the new key").unwrap();
        assert_eq!(to.unwrap(&eph, &sealed, b"keys").as_deref(), Some(b"the new key".as_slice()));
        assert!(other.unwrap(&eph, &sealed, b"keys").is_none());
        assert!(to.unwrap(&eph, &sealed, b"other").is_none());
        // A low-order point as the one-time key gives no shared secret: refused.
        assert!(to.unwrap(&[0u8; 32], &sealed, b"keys").is_none());
        assert!(wrap(&[0u8; 32], b"keys", b"x").is_none());
    }

    #[test]
    fn an_invite_code_reads_back_as_people_type_it() {
        let s = InviteSecret::new();
        let code = s.code();
        assert!(code.starts_with("SL-") && code.len() == 3 + 24 + 3, "{code}");
        for typed in [code.clone(), code.to_lowercase(), code.replace('-', ""), format!("  {} ", &code[3..])]
        {
            assert_eq!(InviteSecret::parse(&typed).map(|p| p.id()), Some(s.id()), "{typed}");
        }
        let with_digits = code.replace('O', "0").replace('I', "1").replace('B', "8");
        assert_eq!(InviteSecret::parse(&with_digits).map(|p| p.id()), Some(s.id()));
        assert!(InviteSecret::parse("SL-ABC").is_none());
        assert!(InviteSecret::parse("").is_none());
        assert!(InviteSecret::parse(&format!("{code}A")).is_none());
        assert_ne!(InviteSecret::new().id(), s.id());
    }

    #[test]
    fn a_fingerprint_is_short_and_differs_between_keys() {
        let a = fingerprint(&DeviceKeys::from_seed(&random()).sign_pk());
        let b = fingerprint(&DeviceKeys::from_seed(&random()).sign_pk());
        assert_eq!(a.len(), 11);
        assert_eq!(&a[5..6], "-");
        assert_ne!(a, b);
    }
}
