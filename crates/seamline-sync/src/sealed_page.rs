//! The read-only status page of an encrypted folder: `Project status.html` carries the page
//! encrypted, and opens in any current browser once the viewer enters the project's **view
//! code** (`SV-` and 24 characters, shown on the Sync screen). The sync service sees only
//! ciphertext; people without the app still read the project.
//!
//! - The view secret is 15 bytes from HKDF(current project key, salt = project id,
//!   "seamline/view/2"): every admitted device derives the same code, and it changes when a
//!   device is removed (a new project key), so a removed person's old code stops working.
//! - The page (the same HTML as a plaintext folder's, [`crate::status_page::render`]) is
//!   sealed with AES-256-GCM, which browsers' WebCrypto has, under HKDF-SHA256(view secret,
//!   random salt, "seamline/page/2"), with a random 96-bit nonce.
//! - The file holds no name or value in clear: a form, the sealed bytes, and one inline script
//!   (allowed by its hash in the page's Content-Security-Policy) that decrypts and shows it.
//! - Each sync opens the page on disk with its own view secret and rewrites it only when what
//!   it holds differs from what this device would write (or does not open): devices holding
//!   the same ops never take turns rewriting it, though the bytes differ.

use std::path::Path;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use data_encoding::{BASE32_NOPAD, BASE64};
use seamline_store::Workspace;
use sha2::{Digest, Sha256};

use crate::crypto;
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
  async function open(secret) {
    var d = document.getElementById('sealed').dataset;
    var base = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
    var key = await crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: bytes(d.salt), info: new TextEncoder().encode('seamline/page/2') },
      base, { name: 'AES-GCM', length: 256 }, false, ['decrypt']);
    var plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes(d.iv) }, key, bytes(d.ct));
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
      m.textContent = 'This code does not open the page. Ask for the current view code: it changes when a device is removed.';
    }
  });
})();"#;

/// The view secret of a project, from its current key.
fn view_secret(keys: &[(u32, [u8; 32])], project: &str) -> Option<[u8; SECRET_LEN]> {
    let key = crypto::current_key(keys)?;
    let derived = crypto::derive(key, project.as_bytes(), b"seamline/view/2");
    Some(derived[..SECRET_LEN].try_into().expect("15 of 32 bytes"))
}

/// The view code people without the app enter to open the page (`None` before the project
/// has a key).
pub fn view_code(ws: &Workspace, project: &str) -> Result<Option<String>> {
    Ok(view_secret(&ws.project_keys(project)?, project).map(|s| code_of(&s)))
}

fn code_of(secret: &[u8; SECRET_LEN]) -> String {
    let text = BASE32_NOPAD.encode(secret);
    let groups: Vec<&str> = (0..text.len()).step_by(6).map(|i| &text[i..(i + 6).min(text.len())]).collect();
    format!("{PREFIX}{}", groups.join("-"))
}

fn page_key(secret: &[u8; SECRET_LEN], salt: &[u8]) -> crypto::Key {
    crypto::derive(secret, salt, b"seamline/page/2")
}

/// The encrypted page for `html`.
pub fn seal(html: &str, secret: &[u8; SECRET_LEN]) -> String {
    let salt: [u8; 16] = crypto::random();
    let iv: [u8; 12] = crypto::random();
    let key = page_key(secret, &salt);
    let sealed = Aes256Gcm::new(key.as_ref().into())
        .encrypt(Nonce::from_slice(&iv), html.as_bytes())
        .expect("AES-GCM seals any page under 64 GiB");
    let script_hash = BASE64.encode(&Sha256::digest(SCRIPT.as_bytes()));
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
<div id="sealed" hidden data-salt="{salt}" data-iv="{iv}" data-ct="{ct}"></div>
<script>{SCRIPT}</script>
</body></html>
"#,
        salt = BASE64.encode(&salt),
        iv = BASE64.encode(&iv),
        ct = BASE64.encode(&sealed),
    )
}

/// The page an encrypted status page holds, when `secret` opens it.
pub fn open(page: &str, secret: &[u8; SECRET_LEN]) -> Option<String> {
    let attr = |name: &str| {
        let start = page.find(&format!("{name}=\""))? + name.len() + 2;
        let end = page[start..].find('"')? + start;
        BASE64.decode(&page.as_bytes()[start..end]).ok()
    };
    let (salt, iv, ct) = (attr("data-salt")?, attr("data-iv")?, attr("data-ct")?);
    if iv.len() != 12 {
        return None;
    }
    let key = page_key(secret, &salt);
    let plain = Aes256Gcm::new(key.as_ref().into()).decrypt(Nonce::from_slice(&iv), ct.as_slice()).ok()?;
    String::from_utf8(plain).ok()
}

/// Rewrites the folder's encrypted page when what it holds differs from what this device
/// would write, or does not open with this device's view secret.
pub fn refresh(ws: &Workspace, project_id: &str, dir: &Path) -> Result<bool> {
    let Some(secret) = view_secret(&ws.project_keys(project_id)?, project_id) else { return Ok(false) };
    let html = crate::status_page::render(ws, project_id)?;
    let path = dir.join(folder::STATUS_PAGE);
    let current = folder::read_bounded(&path, MAX_PAGE_BYTES).ok().flatten();
    let holds = current.and_then(|b| String::from_utf8(b).ok()).and_then(|page| open(&page, &secret));
    if holds.as_deref() == Some(html.as_str()) {
        return Ok(false);
    }
    folder::write_atomic(dir, folder::STATUS_PAGE, seal(&html, &secret).as_bytes())?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_opens_with_its_code_only_and_holds_nothing_in_clear() {
        let secret: [u8; SECRET_LEN] = crypto::random();
        let html = "<!doctype html><h1>CRM to billing sync</h1><p>Maya Chen</p>";
        let page = seal(html, &secret);
        assert!(!page.contains("CRM to billing") && !page.contains("Maya"), "{page}");
        assert_eq!(open(&page, &secret).as_deref(), Some(html));
        assert!(open(&page, &crypto::random()).is_none(), "another code");
        let tampered = page.replacen("data-ct=\"", "data-ct=\"AAAA", 1);
        assert!(open(&tampered, &secret).is_none(), "damaged");
        assert!(code_of(&secret).starts_with("SV-") && code_of(&secret).len() == 3 + 24 + 3);
    }

    #[test]
    fn the_script_is_allowed_by_its_hash_and_nothing_else() {
        let page = seal("<p>x</p>", &crypto::random());
        let hash = BASE64.encode(&Sha256::digest(SCRIPT.as_bytes()));
        assert!(page.contains(&format!("script-src 'sha256-{hash}'")));
        assert!(
            page.contains(&format!("<script>{SCRIPT}</script>")),
            "the script is exactly what was hashed"
        );
        assert_eq!(page.matches("<script").count(), 1);
    }
}
