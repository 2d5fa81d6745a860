//! What the kept records say (each decoded once per settling, sealed ones opened with the keys
//! this device holds), and the rules that turn those facts into a roster: who admitted whom,
//! who removed whom, which keys count. Pure functions of the facts.

use std::collections::{BTreeMap, BTreeSet};

use seamline_store::trust::{Member, Removal, StoredRecord};

use super::{may_invite, short, skip, InviteInfo, Knowledge, Roster, UPGRADE_INVITE};
use crate::crypto::{self, DeviceKeys};
use crate::envelope::{self, AdmissionFacts, Kind, Welcome};
use crate::report::Skipped;

/// One thing a member's record says.
#[derive(Debug, Clone)]
pub enum Fact {
    /// `signer` admitted a device; `welcome` when it is this device and it opened.
    Admission {
        signer: String,
        facts: AdmissionFacts,
        welcome: Option<Welcome>,
    },
    Removal {
        signer: String,
        record: envelope::Removal,
    },
    Keys {
        signer: String,
        record: envelope::Keys,
    },
    Invite {
        signer: String,
        record: envelope::Invite,
    },
    Withdrawal {
        signer: String,
        invite_id: String,
    },
    Refusal {
        signer: String,
        invite_id: String,
        device: String,
    },
    Upgrade {
        signer: String,
        record: envelope::Upgrade,
    },
}

/// What an admission's facts are bound to: the project and the admitting device.
pub fn admission_aad(project: &str, signer: &str) -> Vec<u8> {
    [b"seamline/admission/2\0".as_slice(), project.as_bytes(), b"\0", signer.as_bytes()].concat()
}

/// What a welcome is bound to: the project and the device it is for.
pub fn welcome_aad(project: &str, device: &str) -> Vec<u8> {
    [b"seamline/welcome/2\0".as_slice(), project.as_bytes(), b"\0", device.as_bytes()].concat()
}

/// The fact a kept record states, when this device can read it (a sealed record needs one of
/// `keys`; a welcome, this device's own key).
pub fn decode(
    project: &str,
    r: &StoredRecord,
    keys: &[(u32, [u8; 32])],
    me: Option<(&str, &DeviceKeys)>,
) -> Option<Fact> {
    let signer = r.device.clone();
    let (kind, payload) = match envelope::kind_of(&r.bytes)? {
        Kind::Sealed => {
            let sealed: envelope::Sealed = envelope::decode(envelope::payload(&r.bytes)?)?;
            envelope::open_inner(&sealed, project, &r.device, keys)?
        }
        kind => (kind, envelope::payload(&r.bytes)?.to_vec()),
    };
    Some(match kind {
        Kind::Admission => {
            let a: envelope::Admission = envelope::decode(&payload)?;
            let welcome = me.and_then(|(id, mine)| {
                let eph = crate::hex::key32(&a.welcome.eph_pk)?;
                let sealed = crate::hex::bytes(&a.welcome.sealed, envelope::MAX_BYTES as usize)?;
                envelope::decode::<Welcome>(&mine.unwrap(&eph, &sealed, &welcome_aad(project, id))?)
            });
            let facts = match &welcome {
                Some(w) => w.facts.clone(),
                None => {
                    let key = keys.iter().find(|(_, k)| crypto::key_id(k) == a.key_id)?;
                    let sealed = crate::hex::bytes(&a.facts, envelope::MAX_BYTES as usize)?;
                    envelope::decode(&crypto::open(&key.1, &admission_aad(project, &signer), &sealed)?)?
                }
            };
            // The readable part names the same invite as the sealed one.
            if facts.invite_id != a.invite_id
                || welcome.as_ref().is_some_and(|w| Some(w.facts.device.as_str()) != me.map(|m| m.0))
            {
                return None;
            }
            Fact::Admission { signer, facts, welcome }
        }
        Kind::Removal => Fact::Removal { signer, record: envelope::decode(&payload)? },
        Kind::Keys => Fact::Keys { signer, record: envelope::decode(&payload)? },
        Kind::Invite => Fact::Invite { signer, record: envelope::decode(&payload)? },
        Kind::Withdrawal => {
            let w: envelope::Withdrawal = envelope::decode(&payload)?;
            Fact::Withdrawal { signer, invite_id: w.invite_id }
        }
        Kind::Refusal => {
            let r: envelope::Refusal = envelope::decode(&payload)?;
            Fact::Refusal { signer, invite_id: r.invite_id, device: r.device }
        }
        Kind::Upgrade => Fact::Upgrade { signer, record: envelope::decode(&payload)? },
        Kind::Claim | Kind::Profile | Kind::Sealed => return None,
    })
}

/// A removal as the roster keeps it, from a note a member passed on (no segment list: only
/// the stamps count).
fn from_note(n: &envelope::RemovalNote) -> Removal {
    Removal {
        device: n.device.clone(),
        removed_by: n.removed_by.clone(),
        removed_at: n.at.chars().take(40).collect(),
        cut_hlc: n.cut_hlc,
        kept: n.kept.clone(),
        segments: vec![],
    }
}

/// The roster the facts give, from the anchors: admissions closed over (each by a member
/// entitled to admit to that company), then the removals among the members (in a fixed
/// order, so two that remove each other end the same on every device), then the devices
/// admitted by a removed device dropped unless its remover kept them.
pub fn roster(k: &Knowledge<'_>, facts: &[Fact]) -> (Roster, Vec<Skipped>) {
    let mut problems = Vec::new();
    let anchors_only =
        || -> BTreeMap<String, Member> { k.anchors.iter().map(|m| (m.device.clone(), m.clone())).collect() };
    let mut members = anchors_only();
    let root_side = members.values().find(|m| m.admitted_by.is_none()).map(|m| m.side);
    let root = members.values().find(|m| m.admitted_by.is_none()).map(|m| m.device.clone());

    // Two admissions of one device with other keys: someone wrote as that device; neither.
    let mut keys_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for f in facts {
        if let Fact::Admission { facts: a, .. } = f {
            keys_of.entry(&a.device).or_default().insert(&a.sign_pk);
        }
    }
    let contested: BTreeSet<&str> = keys_of.iter().filter(|(_, k)| k.len() > 1).map(|(d, _)| *d).collect();
    for d in &contested {
        problems.push(skip(
            &format!("{}/{d}", crate::folder::DEVICES),
            format!("device {} was admitted twice with different keys; neither is taken", short(d)),
        ));
    }

    let me = k.device.as_str();
    let anchored: BTreeSet<&str> = k.anchors.iter().map(|m| m.device.as_str()).collect();
    // `guard`: this device's company, when it is not the one that shared the project. Then an
    // admission of one of its devices by the other company counts only for this device and the
    // devices it trusts on its own (its invite named them: its company's first device among
    // them): the sharing company lets in the partner's first device, never its others.
    let admit = |members: &mut BTreeMap<String, Member>,
                 removals: &BTreeMap<String, Removal>,
                 guard: Option<seamline_core::Side>| {
        loop {
            let mut changed = false;
            for f in facts {
                match f {
                    Fact::Admission { signer, facts: a, .. } => {
                        let Some(by) = members.get(signer) else { continue };
                        if members.contains_key(&a.device) || contested.contains(a.device.as_str()) {
                            continue;
                        }
                        if let Some(r) = removals.get(signer) {
                            if !r.kept.contains(&a.device) {
                                continue;
                            }
                        }
                        if !may_invite(by.side, a.side, root_side) {
                            continue;
                        }
                        if guard == Some(a.side)
                            && by.side != a.side
                            && a.device != me
                            && !anchored.contains(a.device.as_str())
                        {
                            continue;
                        }
                        let (Some(sign_pk), Some(kex_pk)) =
                            (crate::hex::key32(&a.sign_pk), crate::hex::key32(&a.kex_pk))
                        else {
                            continue;
                        };
                        members.insert(
                            a.device.clone(),
                            Member {
                                device: a.device.clone(),
                                sign_pk,
                                kex_pk,
                                side: a.side,
                                admitted_by: Some(signer.clone()),
                                invite_id: Some(a.invite_id.chars().take(64).collect()),
                                admitted_at: Some(a.at.chars().take(40).collect()),
                            },
                        );
                        changed = true;
                    }
                    // A folder shared before encryption: the root admits the devices that were
                    // syncing it (while it is not removed).
                    Fact::Upgrade { signer, record } if Some(signer) == root.as_ref() => {
                        // A removed root's upgrade admits only the devices its remover kept.
                        let kept = removals.get(signer).map(|r| &r.kept);
                        for m in &record.members {
                            if kept.is_some_and(|k| !k.contains(&m.device)) {
                                continue;
                            }
                            let (Some(sign_pk), Some(kex_pk)) =
                                (crate::hex::key32(&m.sign_pk), crate::hex::key32(&m.kex_pk))
                            else {
                                continue;
                            };
                            if members.contains_key(&m.device) {
                                continue;
                            }
                            members.insert(
                                m.device.clone(),
                                Member {
                                    device: m.device.clone(),
                                    sign_pk,
                                    kex_pk,
                                    side: m.side,
                                    admitted_by: Some(signer.clone()),
                                    invite_id: Some(UPGRADE_INVITE.into()),
                                    admitted_at: Some(record.at.chars().take(40).collect()),
                                },
                            );
                            changed = true;
                        }
                    }
                    _ => {}
                }
            }
            if !changed {
                break;
            }
        }
    };

    let mut removals: BTreeMap<String, Removal> = BTreeMap::new();
    admit(&mut members, &removals, None);
    let guard = members.get(me).map(|m| m.side).filter(|side| Some(*side) != root_side);
    if let Some(side) = guard {
        let cross = |m: &Member| {
            m.side == side
                && m.admitted_by.as_ref().and_then(|b| members.get(b)).is_some_and(|b| b.side != side)
        };
        if members.values().any(|m| cross(m) && m.device != me && !anchored.contains(m.device.as_str())) {
            let unguarded = std::mem::replace(&mut members, anchors_only());
            admit(&mut members, &removals, guard);
            for m in unguarded.values().filter(|m| !members.contains_key(&m.device)) {
                problems.push(skip(
                    &format!("{}/{}", crate::folder::DEVICES, m.device),
                    format!(
                        "device {} was let in for your company by the other company's device {} after your company's first device: not counted; your company's own devices let in its others",
                        short(&m.device),
                        short(m.admitted_by.as_deref().unwrap_or_default())
                    ),
                ));
            }
        }
    }
    // Removals: the ones this workspace holds on its own word, the ones a member's welcome
    // told this device of, then members' own removal records, oldest first.
    for r in &k.pinned_removals {
        removals.insert(r.device.clone(), r.clone());
    }
    for f in facts {
        if let Fact::Admission { welcome: Some(w), .. } = f {
            for n in &w.removals {
                if members.contains_key(&n.device) {
                    removals.entry(n.device.clone()).or_insert_with(|| from_note(n));
                }
            }
        }
    }
    let mut records: Vec<(&String, &envelope::Removal)> = facts
        .iter()
        .filter_map(|f| match f {
            Fact::Removal { signer, record } => Some((signer, record)),
            _ => None,
        })
        .collect();
    records.sort_by(|a, b| (&a.1.at, a.0, &a.1.device).cmp(&(&b.1.at, b.0, &b.1.device)));
    for (signer, rec) in records {
        let (Some(by), Some(target)) = (members.get(signer), members.get(&rec.device)) else { continue };
        if removals.contains_key(signer) {
            continue;
        }
        if target.side != by.side || rec.device == *signer {
            problems.push(skip(
                &format!("{}/{signer}", crate::folder::DEVICES),
                format!(
                    "device {} tried to remove device {}: a device may remove only other devices of its own company; ignored",
                    short(signer),
                    short(&rec.device)
                ),
            ));
            continue;
        }
        // The remover's own record says more than a note (which of its segments count).
        let noted =
            removals.get(&rec.device).is_some_and(|r| r.segments.is_empty() && r.removed_by == *signer);
        if removals.contains_key(&rec.device) && !noted {
            continue;
        }
        removals.insert(
            rec.device.clone(),
            Removal {
                device: rec.device.clone(),
                removed_by: signer.clone(),
                removed_at: rec.at.chars().take(40).collect(),
                cut_hlc: rec.cut_hlc,
                kept: rec.kept.clone(),
                // Checksums are 64 hex characters; anything else matches no file.
                segments: rec.segments.iter().take(100_000).cloned().collect(),
            },
        );
    }
    // A removed device's admissions count only for the devices its remover kept.
    let anchors: BTreeSet<&str> = k.anchors.iter().map(|m| m.device.as_str()).collect();
    let mut kept: BTreeMap<String, Member> = members
        .iter()
        .filter(|(d, _)| anchors.contains(d.as_str()))
        .map(|(d, m)| (d.clone(), m.clone()))
        .collect();
    admit(&mut kept, &removals, guard);

    let mut roster = Roster { members: kept, removals, ..Roster::default() };
    roster.removals.retain(|d, _| roster.members.contains_key(d));
    note_invites(&mut roster, facts, root_side);
    (roster, problems)
}

/// The invites members made, and which were withdrawn or refused by the inviting company.
fn note_invites(roster: &mut Roster, facts: &[Fact], root_side: Option<seamline_core::Side>) {
    for f in facts {
        if let Fact::Invite { signer, record } = f {
            let Some(by) = roster.members.get(signer) else { continue };
            let (Some(expires_at), Some(claim_pk)) =
                (&record.expires_at, crate::hex::key32(&record.claim_pk))
            else {
                // An invite of an earlier version (its box held the keys): never admits now.
                continue;
            };
            if !may_invite(by.side, record.side, root_side) {
                continue;
            }
            roster.invites.entry(record.invite_id.clone()).or_insert(InviteInfo {
                invite_id: record.invite_id.chars().take(64).collect(),
                inviter: signer.clone(),
                side: record.side,
                claim_pk,
                created_at: record.created_at.chars().take(40).collect(),
                expires_at: expires_at.chars().take(40).collect(),
                auto_admit: record.auto_admit,
            });
        }
    }
    for f in facts {
        let inviting = |roster: &Roster, signer: &str, invite: &str| {
            let (Some(by), Some(i)) = (roster.members.get(signer), roster.invites.get(invite)) else {
                return false;
            };
            roster.members.get(&i.inviter).is_some_and(|inviter| inviter.side == by.side)
        };
        match f {
            Fact::Withdrawal { signer, invite_id } if inviting(roster, signer, invite_id) => {
                roster.withdrawn.insert(invite_id.clone());
            }
            Fact::Refusal { signer, invite_id, device } if inviting(roster, signer, invite_id) => {
                roster.refused.insert((invite_id.clone(), device.clone()));
            }
            _ => {}
        }
    }
}
