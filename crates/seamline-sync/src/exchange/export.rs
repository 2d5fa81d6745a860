//! This device's side of a sync: writing its new ops as a segment in its own directory of the
//! folder (atomically, never over another device's files), and compacting that directory
//! into one snapshot when it has grown long.

use std::fs;
use std::path::Path;

use seamline_store::Workspace;

use super::common::{now, read_head, Identity, COMPACT_AFTER};
use crate::crypto;
use crate::envelope::{self, Kind, Profile, ProfileBody};
use crate::error::{Error, Result};
use crate::folder::{self, DeviceInfo};
use crate::segment::{self, Body, Sealer};

/// Writes this device's new ops, then compacts its directory when it has grown long.
pub(super) fn export(ws: &mut Workspace, project_id: &str, dir: &Path, who: &Identity) -> Result<usize> {
    let me = ws.device_id().to_string();
    folder::check_own_dir(dir, &me)?;
    let own = folder::device_dir(dir, &me);
    let link = ws.sync().link_of(project_id)?.ok_or_else(|| Error::NotLinked(project_id.into()))?;
    let keys = ws.trust().project_keys(project_id)?;
    let seal = if link.format.is_sealed() {
        let key = *crypto::current_key(&keys).ok_or_else(|| {
            Error::NotAllowed(
                "this device holds no key of the project's folder; join it again with an invite".into(),
            )
        })?;
        Some(key)
    } else if ws.trust().was_encrypted(project_id)? {
        // An encrypted project never goes back to plain text, whatever the link says.
        return Err(Error::NotAllowed(
            "this project is encrypted: Seamline never writes it in plain text again; share it through a new, empty folder".into(),
        ));
    } else {
        None
    };
    let updated_at = now(ws);
    match &seal {
        Some(key) => write_profile(ws, project_id, dir, &me, key, who, &updated_at)?,
        None => {
            // Its public keys too: a device that publishes them is ready for the folder to
            // become encrypted (see `super::upgrade`).
            let keys = crate::keystore::device_keys(ws, &me)?;
            let info = DeviceInfo {
                device_id: me.clone(),
                user_name: who.user_name.clone(),
                app_version: who.app_version.clone(),
                updated_at: updated_at.clone(),
                side: ws.me().membership(project_id)?.map(|m| m.side),
                sign_pk: Some(crate::hex::encode(&keys.sign_pk())),
                kex_pk: Some(crate::hex::encode(&keys.kex_pk())),
            };
            let current = folder::read_device_info(&own);
            let said = |c: &DeviceInfo| {
                (c.user_name.clone(), c.app_version.clone(), c.side, c.sign_pk.clone(), c.kex_pk.clone())
            };
            if current.as_ref().map(said) != Some(said(&info)) {
                folder::write_atomic(
                    &own,
                    folder::DEVICE_FILE,
                    &serde_json::to_vec_pretty(&info).expect("encodes"),
                )?;
            }
        }
    }
    ws.sync_mut().note_device(&me, &who.user_name, &who.app_version, &updated_at)?;

    // What this workspace made under an id it no longer uses, and never wrote out.
    let mut count = 0;
    for seamline_store::sync::Handover { device: former, next_seq: seq, ops } in
        ws.handovers().list(project_id)?
    {
        folder::check_own_dir(dir, &former)?;
        count += ops.len();
        let last = ops.last().map(|o| o.hlc).unwrap_or(0);
        let body = Body {
            device: former.clone(),
            project_id: project_id.to_string(),
            seq: seq as u64,
            kind: "ops".into(),
            created_at: now(ws),
            ops,
        };
        let former_keys = match &seal {
            Some(_) => Some(crate::keystore::device_keys(ws, &former)?),
            None => None,
        };
        let sealer = seal.as_ref().zip(former_keys.as_ref()).map(|(key, k)| Sealer {
            keys: k,
            project: project_id,
            device: &former,
            key,
        });
        ws.sync_mut().reserve_segment(project_id, &former, seq)?;
        let (name, checksum) = write_body(&folder::device_dir(dir, &former), &body, sealer.as_ref())?;
        ws.handovers_mut().record(project_id, &former, &checksum, &name, last, seq)?;
    }

    let link = ws.sync().link_of(project_id)?.ok_or_else(|| Error::NotLinked(project_id.into()))?;
    let ops = ws.sync().own_ops_after(project_id, link.last_export_hlc)?;
    let my_keys = match &seal {
        Some(_) => Some(crate::keystore::device_keys(ws, &me)?),
        None => None,
    };
    let sealer = seal.as_ref().zip(my_keys.as_ref()).map(|(key, k)| Sealer {
        keys: k,
        project: project_id,
        device: &me,
        key,
    });
    // A folder that became encrypted: this device's plaintext files from before are rewritten
    // sealed (one snapshot of all its ops, new ones included) and removed, then its plaintext
    // device.json, whose presence says this is not done yet (so the check costs nothing once
    // it is). Only files this device wrote count: one planted in its directory is not its to
    // rewrite, and must not make every sync write a snapshot.
    if let (Some(sealer), true) = (sealer.as_ref(), own.join(folder::DEVICE_FILE).is_file()) {
        let own_segments: Vec<_> = folder::list(dir)?.files.into_iter().filter(|f| f.device == me).collect();
        let mut plain = false;
        for f in &own_segments {
            if let Ok((Ok(h), _)) = read_head(&f.path, f.len) {
                plain |= !h.sealed() && ws.sync().segment_exported(project_id, &h.checksum_hex())?.is_some();
            }
        }
        if plain {
            compact(ws, project_id, &own, &own_segments, Some(sealer))?;
        }
        match fs::remove_file(own.join(folder::DEVICE_FILE)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(Error::Io {
                    context: format!("cannot remove {}", folder::DEVICE_FILE),
                    source: e,
                })
            }
            _ => {}
        }
        if plain {
            return Ok(count + ops.len());
        }
    }
    if ops.is_empty() {
        return Ok(count);
    }
    count += ops.len();
    let last = ops.last().map(|o| o.hlc).unwrap_or(link.last_export_hlc);
    write_segment(ws, project_id, &own, link.next_seq, "ops", ops, last, sealer.as_ref())?;

    let own_segments: Vec<_> = folder::list(dir)?.files.into_iter().filter(|f| f.device == me).collect();
    if own_segments.len() > COMPACT_AFTER {
        compact(ws, project_id, &own, &own_segments, sealer.as_ref())?;
    }
    Ok(count)
}

/// Encodes a body (sealed and signed in an encrypted folder) and writes it under its final
/// name; returns (name, checksum).
fn write_body(dir: &Path, body: &Body, sealer: Option<&Sealer<'_>>) -> Result<(String, String)> {
    let encoded = match sealer {
        Some(sealer) => segment::encode_sealed(body, sealer),
        None => segment::encode(body),
    };
    let (bytes, checksum) = encoded.map_err(|e| Error::BadFolder(format!("cannot encode a segment: {e}")))?;
    let name = format!("seg-{:08}-{}.ops", body.seq, &checksum[..8]);
    folder::write_atomic(dir, &name, &bytes)?;
    Ok((name, checksum))
}

// Each argument is one fact of the segment written; a struct for them would only rename them.
#[allow(clippy::too_many_arguments)]
fn write_segment(
    ws: &mut Workspace,
    project_id: &str,
    own: &Path,
    seq: i64,
    kind: &str,
    ops: Vec<seamline_store::oplog::Op>,
    last_hlc: i64,
    sealer: Option<&Sealer<'_>>,
) -> Result<String> {
    let body = Body {
        device: ws.device_id().to_string(),
        project_id: project_id.to_string(),
        seq: seq as u64,
        kind: kind.into(),
        created_at: now(ws),
        ops,
    };
    // Its ops and its number on disk before the file is in the folder (see `reserve_segment`).
    ws.sync_mut().reserve_segment(project_id, &body.device, seq)?;
    let (name, checksum) = write_body(own, &body, sealer)?;
    // Recorded only once the file is in place: an export cut short is simply redone (its file,
    // if it got there, is adopted by the next import: `Import::adopt_segment`).
    ws.sync_mut().record_export(project_id, &checksum, &name, last_hlc, seq)?;
    Ok(name)
}

/// Replaces this device's segments by one snapshot of all its ops in the project. The
/// snapshot is in place before any old file goes, so a reader always finds every op.
fn compact(
    ws: &mut Workspace,
    project_id: &str,
    own: &Path,
    old: &[folder::Found],
    sealer: Option<&Sealer<'_>>,
) -> Result<()> {
    let me = ws.device_id().to_string();
    let ops = ws.sync().ops_of_device(project_id, &me)?;
    let last = ops.last().map(|o| o.hlc).unwrap_or(0);
    let seq = ws.sync().link_of(project_id)?.map(|l| l.next_seq).unwrap_or(1);
    let snapshot = write_segment(ws, project_id, own, seq, "snapshot", ops, last, sealer)?;
    for f in old {
        if f.name == snapshot {
            continue;
        }
        // Only files this device wrote (and copies of them): never a file it cannot vouch for.
        if let Ok((Ok(h), _)) = read_head(&f.path, f.len) {
            if ws.sync().segment_exported(project_id, &h.checksum_hex())?.is_some() {
                let _ = fs::remove_file(&f.path);
            }
        }
    }
    Ok(())
}

/// Who this device is, sealed under the project key, written when it changed (or was sealed
/// under an older key).
fn write_profile(
    ws: &Workspace,
    project_id: &str,
    dir: &Path,
    me: &str,
    key: &[u8; 32],
    who: &Identity,
    updated_at: &str,
) -> Result<()> {
    const NAME: &str = "profile.sl";
    let keys = crate::keystore::device_keys(ws, me)?;
    let path = folder::device_dir(dir, me).join(keys.record_name(project_id, NAME));
    let said = |b: &ProfileBody| (b.user_name.clone(), b.app_version.clone());
    let want = ProfileBody {
        user_name: who.user_name.clone(),
        app_version: who.app_version.clone(),
        updated_at: updated_at.to_string(),
    };
    let current = folder::read_bounded(&path, envelope::MAX_BYTES).ok().flatten().and_then(|bytes| {
        let (_, p) = envelope::open::<Profile>(&bytes, project_id, me, &keys.sign_pk()).ok()?;
        if p.key_id != crypto::key_id(key) {
            return None;
        }
        let sealed = crate::hex::bytes(&p.sealed, 64 * 1024)?;
        let plain = crypto::open(key, &crate::trust::profile_aad(project_id, me), &sealed)?;
        rmp_serde::from_slice::<ProfileBody>(&plain).ok()
    });
    if current.as_ref().map(said) == Some(said(&want)) {
        return Ok(());
    }
    let plain = rmp_serde::to_vec_named(&want).expect("a profile encodes");
    let record = Profile {
        key_id: crypto::key_id(key),
        sealed: crate::hex::encode(&crypto::seal(key, &crate::trust::profile_aad(project_id, me), &plain)),
    };
    super::records::write_record(dir, me, NAME, Kind::Profile, &record, project_id, &keys)?;
    Ok(())
}
