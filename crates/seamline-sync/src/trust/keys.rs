//! Wrapping project keys to a device's own key (admissions, new keys, a folder's upgrade), which
//! of them reach this device, and what admitted devices say about themselves (sealed profiles).

use seamline_store::trust::StoredRecord;

use super::facts::Fact;
use super::Roster;
use crate::crypto::{self, DeviceKeys};
use crate::envelope::{self, Keys, Kind, Profile, ProfileBody};

/// What wraps a new key to one device binds: the project, the epoch and the device.
pub fn wrap_aad(project: &str, epoch: u32, device: &str) -> Vec<u8> {
    [b"seamline/keys/2\0".as_slice(), project.as_bytes(), b"\0", &epoch.to_le_bytes(), device.as_bytes()]
        .concat()
}

/// The keys of `epoch` among `recipients` that open for this device.
pub(crate) fn unwrap_for(
    project: &str,
    epoch: u32,
    recipients: &[envelope::Wrapped],
    me: &str,
    mine: &DeviceKeys,
) -> Vec<(u32, [u8; 32])> {
    recipients
        .iter()
        .filter(|w| w.device == me)
        .filter_map(|w| {
            let (eph, sealed) = (crate::hex::key32(&w.eph_pk)?, crate::hex::bytes(&w.sealed, 256)?);
            let key = mine.unwrap(&eph, &sealed, &wrap_aad(project, epoch, me))?;
            Some((epoch, <[u8; 32]>::try_from(key).ok()?))
        })
        .collect()
}

/// What admitted devices say about themselves (their profiles), opened with the project keys.
pub fn profiles(
    project: &str,
    roster: &Roster,
    records: &[StoredRecord],
    keys: &[(u32, [u8; 32])],
) -> Vec<(String, ProfileBody)> {
    let mut out = Vec::new();
    for r in records {
        if !roster.members.contains_key(&r.device) || envelope::kind_of(&r.bytes) != Some(Kind::Profile) {
            continue;
        }
        // Kept records were verified against their device's key when kept.
        let Ok((_, p)) = envelope::peek::<Profile>(&r.bytes) else { continue };
        let Some(key) = keys.iter().find(|(_, k)| crypto::key_id(k) == p.key_id) else { continue };
        let Some(sealed) = crate::hex::bytes(&p.sealed, 64 * 1024) else { continue };
        let Some(plain) = crypto::open(&key.1, &profile_aad(project, &r.device), &sealed) else { continue };
        if let Ok(body) = rmp_serde::from_slice::<ProfileBody>(&plain) {
            // Names from another device are shown: short and printable.
            let clean = |s: String| s.chars().filter(|c| !c.is_control()).take(100).collect::<String>();
            out.push((
                r.device.clone(),
                ProfileBody {
                    user_name: clean(body.user_name),
                    app_version: clean(body.app_version),
                    updated_at: clean(body.updated_at),
                },
            ));
        }
    }
    // A device rewrites its profile when its user's name changes, and every version is kept:
    // the newest says who it is now.
    out.sort_by(|a, b| (&a.0, &a.1.updated_at).cmp(&(&b.0, &b.1.updated_at)));
    let mut newest: Vec<(String, ProfileBody)> = Vec::new();
    for (device, body) in out {
        match newest.last_mut() {
            Some(last) if last.0 == device => *last = (device, body),
            _ => newest.push((device, body)),
        }
    }
    newest
}

pub fn profile_aad(project: &str, device: &str) -> Vec<u8> {
    [b"seamline/profile/2\0".as_slice(), project.as_bytes(), b"\0", device.as_bytes()].concat()
}

/// The key a keys record wraps to this device, if it does.
pub fn keys_for_record(project: &str, record: &Keys, me: &str, mine: &DeviceKeys) -> Option<(u32, [u8; 32])> {
    unwrap_for(project, record.epoch, &record.recipients, me, mine).into_iter().next()
}

/// A project key of `epoch` wrapped to one device's key-exchange key, as keys and upgrade
/// records carry it; `None` for a key nothing can be wrapped to.
pub fn wrap_to(
    project: &str,
    epoch: u32,
    device: &str,
    kex_pk: &[u8; 32],
    key: &[u8; 32],
) -> Option<envelope::Wrapped> {
    let (eph, sealed) = crypto::wrap(kex_pk, &wrap_aad(project, epoch, device), key)?;
    Some(envelope::Wrapped {
        device: device.to_string(),
        eph_pk: crate::hex::encode(&eph),
        sealed: crate::hex::encode(&sealed),
    })
}

/// The project keys that reach this device: from its own admission's welcome, a folder's
/// upgrade, and every key a member made for the removal of a device of its own company.
pub fn keys_for_me(
    project: &str,
    roster: &Roster,
    facts: &[Fact],
    me: Option<(&str, &DeviceKeys)>,
) -> Vec<(u32, [u8; 32])> {
    let Some((me, mine)) = me else { return vec![] };
    let mut out = Vec::new();
    for f in facts {
        match f {
            Fact::Admission { signer, facts: a, welcome: Some(w) }
                if a.device == me
                    && roster.members.get(me).and_then(|m| m.admitted_by.as_deref())
                        == Some(signer.as_str()) =>
            {
                out.extend(w.keys.iter().filter_map(|(e, k)| Some((*e, crate::hex::key32(k)?))));
            }
            Fact::Upgrade { signer, record }
                if roster.root().is_some_and(|r| r.device == *signer)
                    && !roster.removals.contains_key(signer) =>
            {
                out.extend(unwrap_for(project, 1, &record.recipients, me, mine));
            }
            Fact::Keys { signer, record } => {
                let Some(by) = roster.members.get(signer) else { continue };
                if roster.removals.contains_key(signer) {
                    continue;
                }
                // The removal it is for: named, or (records of an earlier version) the removal
                // the same device signed for that epoch.
                let removed = record.removal.clone().or_else(|| {
                    facts.iter().find_map(|x| match x {
                        Fact::Removal { signer: s, record: r } if s == signer && r.epoch == record.epoch => {
                            Some(r.device.clone())
                        }
                        _ => None,
                    })
                });
                let Some(removed) = removed else { continue };
                let entitled = roster.removals.contains_key(&removed)
                    && roster.members.get(&removed).is_some_and(|m| m.side == by.side);
                if entitled {
                    out.extend(unwrap_for(project, record.epoch, &record.recipients, me, mine));
                }
            }
            _ => {}
        }
    }
    out
}
