//! The read-only status page of an encrypted folder: `Project status.html` carries the page
//! encrypted, and opens in any current browser once the viewer enters the project's **view
//! code** (`SV-` and 24 characters, shown on the Sync screen). The sync service sees only
//! ciphertext; people without the app still read the project.
//!
//! - Members sign the page: an Ed25519 key derived from the current project key (HKDF, salt =
//!   project id, "seamline/page-sign/3"), which only members hold. Its public half goes in the
//!   page; the view secret is the first 15 bytes of SHA-256("seamline/view/3" ‖ that public
//!   key). So the code tells a viewer which key must have signed the page, and gives no way to
//!   sign one: a viewer can read the page, not write one that opens. Every admitted device
//!   derives the same code, and it changes when a device is removed (a new project key).
//! - The page (the same HTML as a plaintext folder's, [`crate::status_page::render`]) is
//!   sealed with AES-256-GCM, which browsers' WebCrypto has, under HKDF-SHA256(view secret,
//!   salt, "seamline/page/2"). Sealing is deterministic (salt from the signing key, nonce from
//!   a keyed hash of the page) and so is Ed25519: devices holding the same ops write the same
//!   bytes, so they never rewrite each other's page, and sync services keep no conflict copies.
//! - The file holds no name or value in clear: a form, the sealed bytes, and one inline script
//!   (allowed by its hash in the page's Content-Security-Policy) that checks the signature,
//!   then decrypts and shows it.

use std::path::Path;

use data_encoding::BASE64;
use seamline_store::Workspace;

use crate::crypto::{self, PageSigner};
use crate::error::Result;
use crate::folder;

const SECRET_LEN: usize = 15;
const PREFIX: &str = "SV-";
/// Largest page read back (a large project's page, sealed and in base64, stays far below).
const MAX_PAGE_BYTES: u64 = 16 * 1024 * 1024;

/// What decrypts the page in the browser: reads the code as people type it, derives the key
/// with WebCrypto's HKDF, opens the AES-GCM bytes and shows the page in place of the form.
const SCRIPT: &str = r#"(function () {
  var A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  function code(t) {
    t = t.trim().toUpperCase().replace(/[\s-]/g, '').replace(/0/g, 'O').replace(/1/g, 'I').replace(/8/g, 'B');
    if (t.length === 26 && t.indexOf('SV') === 0) t = t.slice(2);
    if (t.length !== 24) return null;
    var bits = 0, v = 0, out = [];
    for (var i = 0; i < t.length; i++) {
      var n = A.indexOf(t[i]);
      if (n < 0) return null;
      v = ((v << 5) | n) & 0xffff; bits += 5;
      if (bits >= 8) { out.push((v >> (bits - 8)) & 255); bits -= 8; }
    }
    return new Uint8Array(out);
  }
  function bytes(s) { return Uint8Array.from(atob(s), function (c) { return c.charCodeAt(0); }); }
  function cat(parts) {
    var n = 0; parts.forEach(function (p) { n += p.length; });
    var out = new Uint8Array(n), at = 0;
    parts.forEach(function (p) { out.set(p, at); at += p.length; });
    return out;
  }
  var te = new TextEncoder();
  async function open(secret) {
    var d = document.getElementById('sealed').dataset;
    var vk = bytes(d.vk), salt = bytes(d.salt), iv = bytes(d.iv), ct = bytes(d.ct), sig = bytes(d.sig);
    // The code names the key that signed the page: only members hold it.
    var named = new Uint8Array(await crypto.subtle.digest('SHA-256', cat([te.encode('seamline/view/3'), vk])));
    for (var i = 0; i < secret.length; i++) if (named[i] !== secret[i]) throw new Error('forged');
    var pub = await crypto.subtle.importKey('raw', vk, { name: 'Ed25519' }, false, ['verify']);
    var signed = cat([te.encode('seamline/page/3'), new Uint8Array([0]), salt, iv, ct]);
    if (!(await crypto.subtle.verify({ name: 'Ed25519' }, pub, sig, signed))) throw new Error('forged');
    var base = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
    var key = await crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: salt, info: te.encode('seamline/page/2') },
      base, { name: 'AES-GCM', length: 256 }, false, ['decrypt']);
    var plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: iv }, key, ct);
    return new TextDecoder().decode(plain);
  }
  document.getElementById('f').addEventListener('submit', async function (e) {
    e.preventDefault();
    var m = document.getElementById('m');
    var secret = code(document.getElementById('c').value);
    if (!secret) { m.textContent = 'A view code looks like SV-XXXXXX-XXXXXX-XXXXXX-XXXXXX.'; return; }
    if (!window.crypto || !crypto.subtle) { m.textContent = 'This browser cannot decrypt the page: open the file in a current browser.'; return; }
    try {
      var html = await open(secret);
      document.open(); document.write(html); document.close();
    } catch (err) {
      m.textContent = err && err.message === 'forged'
        ? 'This code does not open this page: either the code is not this project\'s current one (it changes when a device is removed), or the page was not written by Seamline. Ask for the current view code.'
        : 'This page cannot be opened in this browser, or this code does not open it. Open it in a current browser, with the current view code.';
    }
  });
})();"#;

/// The members' page-signing key, from the current project key.
fn page_signer(keys: &[(u32, [u8; 32])], project: &str) -> Option<PageSigner> {
    let key = crypto::current_key(keys)?;
    let seed = crypto::derive(key, project.as_bytes(), b"seamline/page-sign/3");
    Some(PageSigner::from_seed(&seed))
}

/// The view secret a page-signing key's public half names.
fn secret_of(vk: &[u8; 32]) -> [u8; SECRET_LEN] {
    let digest = crypto::sha256(&[b"seamline/view/3", vk]);
    digest[..SECRET_LEN].try_into().expect("15 of 32 bytes")
}

/// The view code people without the app enter to open the page (`None` before the project
/// has a key).
pub fn view_code(ws: &Workspace, project: &str) -> Result<Option<String>> {
    Ok(page_signer(&ws.trust().project_keys(project)?, project).map(|k| code_of(&secret_of(&k.public()))))
}

fn code_of(secret: &[u8; SECRET_LEN]) -> String {
    crypto::code_text(PREFIX, secret)
}

/// A view code as people type it (as an invite code is read).
fn parse_code(code: &str) -> Option<[u8; SECRET_LEN]> {
    crypto::code_bytes(code, PREFIX)?.try_into().ok()
}

fn page_key(secret: &[u8; SECRET_LEN], salt: &[u8]) -> crypto::Key {
    crypto::derive(secret, salt, b"seamline/page/2")
}

/// What the signature covers.
fn signed_bytes(salt: &[u8], iv: &[u8], ct: &[u8]) -> Vec<u8> {
    [b"seamline/page/3\0".as_slice(), salt, iv, ct].concat()
}

/// The encrypted, signed page for `html`: the same bytes for the same page and key.
fn seal(html: &str, signer: &PageSigner) -> String {
    let vk = signer.public();
    let secret = secret_of(&vk);
    let salt: [u8; 16] =
        crypto::sha256(&[b"seamline/page-salt/3", &vk])[..16].try_into().expect("16 of 32 bytes");
    // A nonce from a hash keyed with the members' secret: one nonce per page content, which no
    // one outside can guess a page from.
    let iv: [u8; 12] =
        signer.keyed_hash(b"seamline/page-iv/3", html.as_bytes())[..12].try_into().expect("12 of 32 bytes");
    let ct = crypto::page_seal(&page_key(&secret, &salt), &iv, html.as_bytes());
    let sig = signer.sign(&signed_bytes(&salt, &iv, &ct));
    page(&vk, &salt, &iv, &ct, &sig)
}

fn page(vk: &[u8], salt: &[u8], iv: &[u8], ct: &[u8], sig: &[u8]) -> String {
    let script_hash = BASE64.encode(&crypto::sha256(&[SCRIPT.as_bytes()]));
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'">
<title>Project status (encrypted)</title>
<style>
:root{{color-scheme:light dark;font:16px/1.5 system-ui,sans-serif}}
main{{max-width:32rem;margin:4rem auto;padding:0 1rem}}
input{{font:inherit;font-family:ui-monospace,monospace;padding:.4rem;width:100%;box-sizing:border-box}}
button{{font:inherit;margin-top:.5rem;padding:.4rem 1rem}}
#m{{color:#c2261b}}
</style></head>
<body><main>
<h1>Project status</h1>
<p>This page is encrypted, so the file-sync service cannot read it. Enter the project's view code: anyone with Seamline finds it on the project's Sync screen.</p>
<form id="f"><label for="c">View code</label><br><input id="c" autocomplete="off" spellcheck="false" placeholder="SV-XXXXXX-XXXXXX-XXXXXX-XXXXXX"><br><button type="submit">Open the page</button></form>
<p id="m" role="alert"></p>
</main>
<div id="sealed" hidden data-vk="{vk}" data-salt="{salt}" data-iv="{iv}" data-ct="{ct}" data-sig="{sig}"></div>
<script>{SCRIPT}</script>
</body></html>
"#,
        vk = BASE64.encode(vk),
        salt = BASE64.encode(salt),
        iv = BASE64.encode(iv),
        ct = BASE64.encode(ct),
        sig = BASE64.encode(sig),
    )
}

/// The page an encrypted status page holds, when it opens with `code` as the page's script
/// opens it: the public key the code names, its signature, then the decryption.
pub fn open_with_code(page: &str, code: &str) -> Option<String> {
    let secret = parse_code(code)?;
    let attr = |name: &str| {
        let start = page.find(&format!("{name}=\""))? + name.len() + 2;
        let end = page[start..].find('"')? + start;
        BASE64.decode(&page.as_bytes()[start..end]).ok()
    };
    let (vk, salt, iv, ct, sig) =
        (attr("data-vk")?, attr("data-salt")?, attr("data-iv")?, attr("data-ct")?, attr("data-sig")?);
    let vk: [u8; 32] = vk.try_into().ok()?;
    if secret_of(&vk) != secret || iv.len() != 12 {
        return None;
    }
    if !crypto::verify(&vk, &signed_bytes(&salt, &iv, &ct), &sig) {
        return None;
    }
    let plain = crypto::page_open(&page_key(&secret, &salt), &iv, &ct)?;
    String::from_utf8(plain).ok()
}

/// The best page someone holding only the view code can write: it encrypts under the code's
/// secret, but can sign only with a key of its own, which the code does not name. Here so the
/// tests (and `docs/security.md`'s claim) hold it to never opening.
pub fn forge_with_code(html: &str, code: &str) -> String {
    let secret = parse_code(code).unwrap_or([0; SECRET_LEN]);
    let forger = PageSigner::from_seed(&crypto::random());
    let salt: [u8; 16] = crypto::random();
    let iv: [u8; 12] = crypto::random();
    let ct = crypto::page_seal(&page_key(&secret, &salt), &iv, html.as_bytes());
    let sig = forger.sign(&signed_bytes(&salt, &iv, &ct));
    page(&forger.public(), &salt, &iv, &ct, &sig)
}

/// Rewrites the folder's encrypted page when its bytes differ from what this device would
/// write (devices holding the same ops write the same bytes).
pub fn refresh(ws: &Workspace, project_id: &str, dir: &Path) -> Result<bool> {
    let Some(signer) = page_signer(&ws.trust().project_keys(project_id)?, project_id) else {
        return Ok(false);
    };
    let html = crate::status_page::render(ws, project_id)?;
    let want = seal(&html, &signer);
    let path = dir.join(folder::STATUS_PAGE);
    let current = folder::read_bounded(&path, MAX_PAGE_BYTES).ok().flatten();
    if current.as_deref() == Some(want.as_bytes()) {
        return Ok(false);
    }
    folder::write_atomic(dir, folder::STATUS_PAGE, want.as_bytes())?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> PageSigner {
        PageSigner::from_seed(&crypto::random())
    }

    #[test]
    fn the_page_opens_with_its_code_only_and_holds_nothing_in_clear() {
        let s = signer();
        let code = code_of(&secret_of(&s.public()));
        let html = "<!doctype html><h1>CRM to billing sync</h1><p>Maya Chen</p>";
        let page = seal(html, &s);
        assert!(!page.contains("CRM to billing") && !page.contains("Maya"), "{page}");
        assert_eq!(open_with_code(&page, &code).as_deref(), Some(html));
        assert_eq!(open_with_code(&page, &code.to_lowercase().replace('-', "")).as_deref(), Some(html));
        let other = code_of(&secret_of(&signer().public()));
        assert!(open_with_code(&page, &other).is_none(), "another code");
        let tampered = page.replacen("data-ct=\"", "data-ct=\"AAAA", 1);
        assert!(open_with_code(&tampered, &code).is_none(), "damaged");
        assert!(code.starts_with("SV-") && code.len() == 3 + 24 + 3);
        assert_eq!(seal(html, &s), page, "the same page and key give the same bytes");
    }

    #[test]
    fn a_page_written_with_the_code_alone_does_not_open() {
        let s = signer();
        let code = code_of(&secret_of(&s.public()));
        let forged = forge_with_code("<h1>Legal signed, launch on track</h1>", &code);
        assert!(open_with_code(&forged, &code).is_none());
    }

    #[test]
    fn the_script_is_allowed_by_its_hash_and_nothing_else() {
        let page = seal("<p>x</p>", &signer());
        let hash = BASE64.encode(&<sha2::Sha256 as sha2::Digest>::digest(SCRIPT.as_bytes()));
        assert!(page.contains(&format!("script-src 'sha256-{hash}'")));
        assert!(
            page.contains(&format!("<script>{SCRIPT}</script>")),
            "the script is exactly what was hashed"
        );
        assert_eq!(page.matches("<script").count(), 1);
    }

    /// The page's bytes are a function of the page and the key alone, the same from one
    /// version of the app to the next: devices on two versions never rewrite each other's page.
    #[test]
    fn the_same_page_and_key_give_the_bytes_every_version_gave() {
        let page = seal("<p>Shipped: invoices sync</p>", &PageSigner::from_seed(&[7; 32]));
        let digest = <sha2::Sha256 as sha2::Digest>::digest(page.as_bytes());
        assert_eq!(crate::hex::encode(&digest), GOLDEN);
    }
    // Computed on the build before the page's primitives moved into `crypto` (b607096), and after.
    const GOLDEN: &str = "92dcd9651f42d43cd494baf900f40f9776b7198a2eb2b241c4f1b1d3ad374951";
}
