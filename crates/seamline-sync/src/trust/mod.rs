//! Who may write in an encrypted folder, decided from the signed records in it and what this
//! workspace already pinned: the roster of admitted devices, their keys, the removals, and
//! the project keys wrapped to this device.
//!
//! Trust starts at the device that shared the project (the root; this workspace learned it
//! when it shared the project, or from its invite's box, never from the folder). A device is
//! admitted when its own signed claim carries a signature by the claim key of an invite that
//! an admitted device signed, for a company that device may invite: its own, or either when
//! it is with the company that created the project. Each invite admits one device; an invite
//! two devices claim admits neither (the code leaked). Admissions and removals are kept in
//! the workspace for good, so deleting a file from the folder changes nothing.
//!
//! [`settle`] is pure (records in, roster out) and reaches the same roster whatever order the
//! records arrive in; [`load`] reads the folder and keeps what is new.

use std::collections::BTreeMap;

use seamline_core::Side;
use seamline_store::trust::{Member, Pin, Removal};
use seamline_store::Workspace;

use crate::crypto;
use crate::envelope::{self, Claim, Invite, Kind};
use crate::error::Result;
use crate::exchange::Skipped;
use crate::folder;

mod keys;
pub use keys::{keys_for, keys_for_record, profile_aad, profiles, wrap_aad, wrap_to};

/// A signed record found in a device's directory.
#[derive(Debug, Clone)]
pub struct Record {
    pub device: String,
    /// As reports name it: `devices/<id>/<name>`.
    pub file: String,
    pub bytes: Vec<u8>,
}

/// Largest record read from a device not admitted (a claim is under 1 KiB).
const MAX_UNADMITTED_RECORD: u64 = 16 * 1024;
/// Devices not admitted whose records are read at all, in one sync.
const MAX_UNADMITTED_DEVICES: usize = 256;

/// Reads the folder's records (bounded, without following links): every record of an
/// admitted device, and of any other device (which can only be asking to join) at most
/// `per_stranger` small ones, from at most 256 such devices, so a folder full of strangers'
/// files cannot make a sync read without end.
pub fn read_records(
    listing: &folder::Listing,
    admitted: impl Fn(&str) -> bool,
    per_stranger: usize,
) -> (Vec<Record>, Vec<Skipped>) {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut strangers: BTreeMap<&str, usize> = BTreeMap::new();
    for found in &listing.records {
        if !admitted(&found.device) {
            let known = strangers.len();
            let n = strangers.entry(found.device.as_str()).or_insert(0);
            *n += 1;
            let reason = if found.len > MAX_UNADMITTED_RECORD {
                Some(format!(
                    "larger than a device that was not admitted may write ({} KiB at most)",
                    MAX_UNADMITTED_RECORD / 1024
                ))
            } else if *n > per_stranger {
                Some(format!(
                    "more records than a device that was not admitted may write ({per_stranger} at most)"
                ))
            } else if *n == 1 && known >= MAX_UNADMITTED_DEVICES {
                Some(format!(
                    "more than {MAX_UNADMITTED_DEVICES} devices that were not admitted write here; not read"
                ))
            } else {
                None
            };
            if let Some(reason) = reason {
                problems.push(skip(&found.display, reason));
                continue;
            }
        }
        match folder::read_bounded(&found.path, envelope::MAX_BYTES) {
            Ok(Some(bytes)) => {
                records.push(Record { device: found.device.clone(), file: found.display.clone(), bytes })
            }
            Ok(None) => {}
            Err(e) => problems.push(skip(&found.display, format!("cannot be read: {e}"))),
        }
    }
    (records, problems)
}

fn skip(file: &str, reason: String) -> Skipped {
    Skipped { file: file.to_string(), reason, known: false }
}

/// The roster: admitted devices (with their pinned keys) and removals.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    pub members: BTreeMap<String, Member>,
    pub removals: BTreeMap<String, Removal>,
    /// A folder shared before encryption: the plaintext segments from before, by checksum,
    /// with their device, which the root's upgrade vouches for (see [`legacy`]).
    pub legacy: BTreeMap<String, String>,
}

impl Roster {
    pub fn from_workspace(ws: &Workspace, project: &str) -> Result<Roster> {
        Ok(Roster {
            members: ws.trust_members(project)?.into_iter().map(|m| (m.device.clone(), m)).collect(),
            removals: ws.trust_removals(project)?.into_iter().map(|r| (r.device.clone(), r)).collect(),
            legacy: BTreeMap::new(),
        })
    }

    /// Whether `device` writes as an admitted device (removed or not).
    pub fn member(&self, device: &str) -> Option<&Member> {
        self.members.get(device)
    }

    pub fn root(&self) -> Option<&Member> {
        self.members.values().find(|m| m.admitted_by.is_none())
    }

    /// Whether `inviter`'s invites still admit `device`: it is not removed, or its remover
    /// kept the device.
    fn vouches(&self, inviter: &str, device: &str) -> bool {
        match self.removals.get(inviter) {
            None => true,
            Some(r) => r.kept.iter().any(|d| d == device),
        }
    }

    /// The members that may still read what follows (not removed).
    pub fn current(&self) -> impl Iterator<Item = &Member> {
        self.members.values().filter(|m| !self.removals.contains_key(&m.device))
    }
}

/// Which companies a member may invite a device to: its own, or either when it is with the
/// company of the device that shared the project (the root).
pub fn may_invite(inviter: Side, side: Side, root: Option<Side>) -> bool {
    inviter == side || Some(inviter) == root
}

/// Brings `roster` up to date with `records`: new admissions and removals. Returns the
/// problems to show (a forged record, a key that differs from a pinned one, an invite used
/// twice). Pure and independent of the records' order.
pub fn settle(project: &str, roster: &mut Roster, records: &[Record]) -> Vec<Skipped> {
    let mut problems = Vec::new();
    loop {
        let mut changed = false;
        // Removals by admitted devices, of devices of their own company.
        for r in records {
            let Some(signer) = roster.members.get(&r.device) else { continue };
            let Ok((Kind::Removal, rec)) =
                envelope::open::<envelope::Removal>(&r.bytes, project, &r.device, &signer.sign_pk)
            else {
                continue;
            };
            if roster.removals.contains_key(&r.device) || roster.removals.contains_key(&rec.device) {
                continue;
            }
            let Some(target) = roster.members.get(&rec.device) else { continue };
            if target.side != signer.side || rec.device == r.device {
                problems.push(skip(
                    &r.file,
                    "a device may remove only other devices of its own company; ignored".into(),
                ));
                continue;
            }
            roster.removals.insert(
                rec.device.clone(),
                Removal {
                    device: rec.device,
                    removed_by: r.device.clone(),
                    removed_at: rec.at,
                    cut_hlc: rec.cut_hlc,
                    kept: rec.kept,
                    // Checksums are 64 hex characters; anything else matches no file.
                    segments: rec.segments.into_iter().take(100_000).collect(),
                },
            );
            changed = true;
        }
        // A folder shared before encryption: the root admits the devices that were syncing it.
        if let Some(root) = roster.root().cloned() {
            for upgrade in upgrades(project, roster, records) {
                for m in upgrade.members {
                    let (Some(sign_pk), Some(kex_pk)) =
                        (envelope::key32(&m.sign_pk), envelope::key32(&m.kex_pk))
                    else {
                        continue;
                    };
                    if roster.members.contains_key(&m.device) {
                        continue;
                    }
                    roster.members.insert(
                        m.device.clone(),
                        Member {
                            device: m.device,
                            sign_pk,
                            kex_pk,
                            side: m.side,
                            admitted_by: Some(root.device.clone()),
                            invite_id: Some(UPGRADE_INVITE.into()),
                            admitted_at: Some(upgrade.at.chars().take(40).collect()),
                        },
                    );
                    changed = true;
                }
            }
        }
        // Claims by devices not admitted yet.
        let mut claims: BTreeMap<String, Vec<(String, Member, String)>> = BTreeMap::new();
        // A device that claims two invites is admitted by neither (which one would count
        // would depend on what each device saw first).
        let mut claimed: BTreeMap<&str, std::collections::BTreeSet<String>> = BTreeMap::new();
        for r in records {
            if let Ok((Kind::Claim, claim)) = envelope::peek::<Claim>(&r.bytes) {
                claimed.entry(r.device.as_str()).or_default().insert(claim.invite_id);
            }
        }
        for r in records {
            if roster.members.contains_key(&r.device)
                || claimed.get(r.device.as_str()).is_some_and(|c| c.len() > 1)
            {
                continue;
            }
            let Ok((Kind::Claim, claim)) = envelope::peek::<Claim>(&r.bytes) else { continue };
            if let Some(m) = admission(project, roster, records, &r.device, &r.bytes, &claim) {
                claims.entry(claim.invite_id.clone()).or_default().push((
                    r.device.clone(),
                    m,
                    r.file.clone(),
                ));
            }
        }
        for (invite, mut claimants) in claims {
            claimants.sort_by(|a, b| a.0.cmp(&b.0));
            claimants.dedup_by(|a, b| a.0 == b.0);
            let used_by = roster.members.values().find(|m| m.invite_id.as_deref() == Some(&invite));
            if let Some(used_by) = used_by {
                for (device, _, file) in claimants {
                    problems.push(skip(
                        &file,
                        format!(
                            "device {} used an invite that already admitted {}; ignored",
                            short(&device),
                            short(&used_by.device)
                        ),
                    ));
                }
                continue;
            }
            if claimants.len() > 1 {
                for (_, _, file) in &claimants {
                    problems.push(skip(
                        file,
                        "more than one device used the same invite, so none of them is admitted: send a new invite".into(),
                    ));
                }
                continue;
            }
            let (device, member, _) = claimants.remove(0);
            roster.members.insert(device, member);
            changed = true;
        }
        if !changed {
            break;
        }
    }
    // Records whose signature does not verify against their admitted device's key (checked
    // once the roster is settled, so a device admitted in this pass is checked too).
    for r in records {
        if let Some(m) = roster.members.get(&r.device) {
            match envelope::verify(&r.bytes, project, &r.device, &m.sign_pk) {
                Ok(_) => {}
                Err(envelope::Refused::Signature) => problems.push(skip(
                    &r.file,
                    format!(
                        "not signed with device {}'s key: someone wrote as that device (or the file is damaged); refused",
                        short(&r.device)
                    ),
                )),
                Err(e) => problems.push(skip(&r.file, e.to_string())),
            }
        }
    }
    problems
}

/// What members admitted by a folder's upgrade carry as their invite id.
pub const UPGRADE_INVITE: &str = "upgrade";

/// The root's upgrade record (a folder shared before encryption), signature checked: only
/// `devices/<root>/upgrade.sl`, and none once the root is removed (a removed or stolen root
/// must not admit devices or vouch for plaintext files any more).
fn upgrades(project: &str, roster: &Roster, records: &[Record]) -> Vec<envelope::Upgrade> {
    let Some(root) = roster.root() else { return vec![] };
    if roster.removals.contains_key(&root.device) {
        return vec![];
    }
    let file = format!("{}/{}/{}", folder::DEVICES, root.device, crate::exchange::UPGRADE_FILE);
    records
        .iter()
        .filter(|r| r.device == root.device && r.file == file)
        .filter_map(|r| {
            match envelope::open::<envelope::Upgrade>(&r.bytes, project, &r.device, &root.sign_pk) {
                Ok((Kind::Upgrade, u)) => Some(u),
                _ => None,
            }
        })
        .collect()
}

/// The plaintext segments from before the folder was encrypted that its root vouches for:
/// checksum → (device, the company it said it is with).
pub fn legacy(
    project: &str,
    roster: &Roster,
    records: &[Record],
) -> BTreeMap<String, (String, Option<Side>)> {
    upgrades(project, roster, records)
        .into_iter()
        .flat_map(|u| u.legacy)
        // Checksums are 64 hex characters; anything else matches no file.
        .filter(|l| l.checksum.len() == 64)
        .take(1_000_000)
        .map(|l| (l.checksum, (l.device, l.side)))
        .collect()
}

/// The member a claim admits, when every link of it checks out.
fn admission(
    project: &str,
    roster: &Roster,
    records: &[Record],
    device: &str,
    bytes: &[u8],
    claim: &Claim,
) -> Option<Member> {
    let sign_pk = envelope::key32(&claim.sign_pk)?;
    let kex_pk = envelope::key32(&claim.kex_pk)?;
    // The claim is its device's own, signed with the key it claims.
    envelope::verify(bytes, project, device, &sign_pk).ok()?;
    // Its invite, signed by an admitted device that may still vouch for this one.
    let (inviter, invite) = records.iter().find_map(|r| {
        let m = roster.members.get(&r.device)?;
        let (kind, invite) = envelope::open::<Invite>(&r.bytes, project, &r.device, &m.sign_pk).ok()?;
        (kind == Kind::Invite && invite.invite_id == claim.invite_id).then_some((m, invite))
    })?;
    if !roster.vouches(&inviter.device, device)
        || !may_invite(inviter.side, invite.side, roster.root().map(|r| r.side))
    {
        return None;
    }
    // Holding the code: the claim key signed this device and its keys.
    let claim_pk = envelope::key32(&invite.claim_pk)?;
    let sig = envelope::bytes(&claim.invite_sig, crypto::SIG_LEN)?;
    let msg = crypto::claim_message(project, &claim.invite_id, device, &sign_pk, &kex_pk);
    if !crypto::verify(&claim_pk, &msg, &sig) {
        return None;
    }
    Some(Member {
        device: device.to_string(),
        sign_pk,
        kex_pk,
        side: invite.side,
        admitted_by: Some(inviter.device.clone()),
        invite_id: Some(claim.invite_id.clone()),
        admitted_at: Some(claim.at.chars().take(40).collect()),
    })
}

/// The first characters of a device id, as messages name a device.
pub fn short(device: &str) -> &str {
    &device[..device.len().min(8)]
}

/// Reads the folder's records, settles the roster, and keeps in the workspace what is new:
/// admissions (pinning keys), removals, the keys wrapped to this device, what devices say
/// about themselves, and each member's company.
pub fn load(
    ws: &mut Workspace,
    project: &str,
    listing: &folder::Listing,
) -> Result<(Roster, Vec<Skipped>, Vec<Record>)> {
    let mut roster = Roster::from_workspace(ws, project)?;
    // A device not admitted yet can only be asking to join: its claim, and little else.
    let (records, mut problems) = read_records(listing, |d| roster.members.contains_key(d), 4);
    problems.extend(settle(project, &mut roster, &records));
    for m in roster.members.values() {
        if ws.admit_member(project, m)? == Pin::OtherKey {
            problems.push(skip(
                &format!("{}/{}", folder::DEVICES, m.device),
                format!("someone wrote as device {} with a different key; refused", short(&m.device)),
            ));
        }
    }
    for r in roster.removals.values() {
        ws.note_removal(project, r)?;
    }
    // What the workspace holds is what counts (its pins came first).
    let mut roster = Roster::from_workspace(ws, project)?;
    for (checksum, (device, side)) in legacy(project, &roster, &records) {
        if let (Some(side), false) = (side, roster.members.contains_key(&device)) {
            ws.note_device_side(project, &device, side)?;
        }
        roster.legacy.insert(checksum, device);
    }
    let me = ws.device_id().to_string();
    let mine = crate::keystore::device_keys(ws, &me)?;
    for (epoch, key) in keys_for(project, &roster, &records, &me, &mine) {
        ws.add_project_key(project, epoch, &key)?;
    }
    let keys = ws.project_keys(project)?;
    for (device, p) in profiles(project, &roster, &records, &keys) {
        if device != me {
            ws.note_device(&device, &p.user_name, &p.app_version, &p.updated_at)?;
        }
    }
    for m in roster.members.values() {
        if m.device != me {
            if let Some(reason) = ws.note_device_side(project, &m.device, m.side)? {
                problems.push(skip(&format!("{}/{}", folder::DEVICES, m.device), reason));
            }
        }
    }
    Ok((roster, problems, records))
}
