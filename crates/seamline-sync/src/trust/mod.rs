//! Who may write in an encrypted folder, decided from the signed records this workspace holds
//! and the devices it trusts on its own (its anchors): the roster of admitted devices with
//! their keys, the removals, the invites, and the project keys that reach this device.
//!
//! Trust starts at the anchors: the device that shared the project (the root), and for a
//! device that joined, the members its invite's anchor named. From there a device is admitted
//! only by an **admission** record a member wrote when someone of its company let it in (a
//! click, after comparing fingerprints): an invite code alone admits no one, and opens no key.
//! A removal counts when a member removed a device of its own company; a new project key
//! counts only when a member of the removed device's company made it for that removal. The
//! result depends only on which records this workspace holds, never on the order they came in
//! ([`settle`] is a pure function of them), and records are kept once verified, so deleting or
//! withholding a file later changes nothing.
//!
//! [`load`] reads the folder's records (bounded, each file once until it changes, each record
//! verified once however many copies there are), keeps the new ones, settles, and writes the
//! outcome into the workspace: members, removals, keys, the requests to join, and the edits a
//! newly learned removal takes back.

use std::collections::{BTreeMap, BTreeSet};

use seamline_core::Side;
use seamline_store::trust::{Member, Removal, StoredRecord};
use seamline_store::Workspace;

use crate::crypto::DeviceKeys;
use crate::envelope;
use crate::error::Result;
use crate::report::Skipped;

pub(crate) mod facts;
mod keys;
mod read;
pub mod requests;
pub use facts::{admission_aad, welcome_aad, Fact};
pub use keys::{keys_for_record, profile_aad, profiles, wrap_aad, wrap_to};
pub use read::{read_records, Record};
pub use requests::requests;

/// An invite a member made, as the records say.
#[derive(Debug, Clone, PartialEq)]
pub struct InviteInfo {
    pub invite_id: String,
    pub inviter: String,
    /// The company it admits a device to.
    pub side: Side,
    pub claim_pk: [u8; 32],
    pub created_at: String,
    pub expires_at: String,
    /// Its maker chose to let the device in without a click while the invite is valid.
    pub auto_admit: bool,
}

/// The roster: admitted devices (with their pinned keys), removals, and the invites.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    pub members: BTreeMap<String, Member>,
    pub removals: BTreeMap<String, Removal>,
    /// A folder shared before encryption: the plaintext segments from before, by checksum,
    /// with their device, which the root's upgrade vouches for.
    pub legacy: BTreeMap<String, String>,
    pub invites: BTreeMap<String, InviteInfo>,
    /// Invites a member of the inviting company withdrew.
    pub withdrawn: BTreeSet<String>,
    /// (invite, device) requests a member of the inviting company refused.
    pub refused: BTreeSet<(String, String)>,
}

impl Roster {
    /// The removals a member passes on to a device it lets in.
    pub(crate) fn removal_notes(&self) -> Vec<envelope::RemovalNote> {
        self.removals
            .values()
            .map(|r| envelope::RemovalNote {
                device: r.device.clone(),
                removed_by: r.removed_by.clone(),
                at: r.removed_at.clone(),
                cut_hlc: r.cut_hlc,
                kept: r.kept.clone(),
            })
            .collect()
    }

    /// The roster as the workspace last settled it (members and removals only): what import
    /// decides by.
    pub fn from_workspace(ws: &Workspace, project: &str) -> Result<Roster> {
        Ok(Roster {
            members: ws.trust().members(project)?.into_iter().map(|m| (m.device.clone(), m)).collect(),
            removals: ws.trust().removals(project)?.into_iter().map(|r| (r.device.clone(), r)).collect(),
            ..Roster::default()
        })
    }

    /// Whether `device` writes as an admitted device (removed or not).
    pub fn member(&self, device: &str) -> Option<&Member> {
        self.members.get(device)
    }

    pub fn root(&self) -> Option<&Member> {
        self.members.values().find(|m| m.admitted_by.is_none())
    }

    /// The members that may still read what follows (not removed).
    pub fn current(&self) -> impl Iterator<Item = &Member> {
        self.members.values().filter(|m| !self.removals.contains_key(&m.device))
    }

    /// Whether `device` is a member not removed.
    pub fn is_current(&self, device: &str) -> bool {
        self.members.contains_key(device) && !self.removals.contains_key(device)
    }

    /// Which invite admitted which device.
    pub fn used(&self, invite: &str) -> Option<&Member> {
        self.members.values().find(|m| m.invite_id.as_deref() == Some(invite))
    }
}

/// Which companies a member may invite and admit a device to: its own, or either when it is
/// with the company of the device that shared the project (the root).
pub fn may_invite(inviter: Side, side: Side, root: Option<Side>) -> bool {
    inviter == side || Some(inviter) == root
}

/// What a workspace knows, for [`settle`].
pub struct Knowledge<'a> {
    pub project: &'a str,
    /// The members it trusts on its own.
    pub anchors: Vec<Member>,
    /// Removals it holds on its own word (an invite's anchor named them, or from before
    /// records were kept).
    pub pinned_removals: Vec<Removal>,
    pub records: &'a [StoredRecord],
    /// The project keys it holds.
    pub keys: Vec<(u32, [u8; 32])>,
    /// This device, to open what is wrapped to it.
    pub me: Option<(&'a str, &'a DeviceKeys)>,
    /// This device's id (also when its keys are not at hand): which company's devices are its own.
    pub device: String,
}

/// What [`settle`] decided.
#[derive(Debug, Default)]
pub struct Settled {
    pub roster: Roster,
    /// Every project key this device holds now (the ones it had and the ones that reached it).
    pub keys: Vec<(u32, [u8; 32])>,
    /// Records that name something that cannot be (two admissions of one device with other
    /// keys, a removal across companies): shown, not taken.
    pub problems: Vec<Skipped>,
}

/// Settles the roster from what the workspace knows: pure, and independent of the order the
/// records arrived in. Keys that reach this device can open sealed records that name more
/// keys, so it runs until no new key reaches it.
pub fn settle(k: &Knowledge<'_>) -> Settled {
    let mut keys = k.keys.clone();
    loop {
        let facts: Vec<Fact> =
            k.records.iter().filter_map(|r| facts::decode(k.project, r, &keys, k.me)).collect();
        let (roster, problems) = facts::roster(k, &facts);
        let mut grew = false;
        for key in keys::keys_for_me(k.project, &roster, &facts, k.me) {
            if !keys.contains(&key) {
                keys.push(key);
                grew = true;
            }
        }
        if !grew {
            keys.sort();
            return Settled { roster, keys, problems };
        }
    }
}

/// The root's upgrade record (a folder shared before encryption), decoded from the facts.
pub(crate) fn legacy_of(facts: &[Fact], roster: &Roster) -> BTreeMap<String, (String, Option<Side>)> {
    let Some(root) = roster.root() else { return BTreeMap::new() };
    // A removed (or stolen) root vouches for no plaintext file any more.
    if roster.removals.contains_key(&root.device) {
        return BTreeMap::new();
    }
    facts
        .iter()
        .filter_map(|f| match f {
            Fact::Upgrade { signer, record } if *signer == root.device => Some(record),
            _ => None,
        })
        .flat_map(|u| u.legacy.iter())
        // Checksums are 64 hex characters; anything else matches no file.
        .filter(|l| l.checksum.len() == 64)
        .take(1_000_000)
        .map(|l| (l.checksum.clone(), (l.device.clone(), l.side)))
        .collect()
}

/// What members admitted by a folder's upgrade carry as their invite id.
pub const UPGRADE_INVITE: &str = "upgrade";

/// The first characters of a device id, as messages name a device.
pub fn short(device: &str) -> &str {
    &device[..device.len().min(8)]
}

pub(crate) fn skip(file: &str, reason: String) -> Skipped {
    Skipped { file: file.to_string(), reason, known: false }
}

/// What this workspace knows of a project's trust, and this device's keys.
pub fn knowledge<'a>(
    ws: &Workspace,
    project: &'a str,
    records: &'a [StoredRecord],
    me: Option<(&'a str, &'a DeviceKeys)>,
) -> Result<Knowledge<'a>> {
    Ok(Knowledge {
        project,
        anchors: ws.trust().anchors(project)?,
        pinned_removals: ws.trust().pinned_removals(project)?,
        records,
        keys: ws.trust().project_keys(project)?,
        me,
        device: ws.device_id().to_string(),
    })
}

/// The roster settled from the records this workspace holds (the invites and withdrawals
/// included), without reading the folder: for the Sync screen's invites and requests.
pub fn settled(ws: &Workspace, project: &str) -> Result<Roster> {
    let records = ws.trust().records(project)?;
    Ok(settle(&knowledge(ws, project, &records, None)?).roster)
}

/// Reads the folder's records, keeps the new ones, settles the roster, and keeps in the
/// workspace what follows: members and removals (taking back a newly removed device's later
/// edits), the keys wrapped to this device, what devices say about themselves, each member's
/// company, and the requests to join this device's company may answer. Returns the roster,
/// what to show as skipped, and the records still arriving (cut short: read again once whole).
pub fn load(
    ws: &mut Workspace,
    project: &str,
    listing: &crate::folder::Listing,
) -> Result<(Roster, Vec<Skipped>, Vec<String>)> {
    let me = ws.device_id().to_string();
    let mine = crate::keystore::device_keys(ws, &me)?;
    let mut problems = Vec::new();
    let mut arriving = Vec::new();
    // Read the records of the devices admitted so far; a device admitted by one of them has
    // its own records read in the next round.
    let mut read_from: BTreeSet<String> = BTreeSet::new();
    let settled = loop {
        let records = ws.trust().records(project)?;
        let settled = settle(&knowledge(ws, project, &records, Some((&me, &mine)))?);
        let members: BTreeMap<String, [u8; 32]> =
            settled.roster.members.iter().map(|(d, m)| (d.clone(), m.sign_pk)).collect();
        let fresh: Vec<String> = members.keys().filter(|d| !read_from.contains(*d)).cloned().collect();
        if fresh.is_empty() {
            break settled;
        }
        read_from.extend(fresh);
        read::keep_new_records(ws, project, listing, &members, &mut problems, &mut arriving)?;
    };
    problems.extend(settled.problems.iter().cloned());
    let Settled { mut roster, keys, .. } = settled;
    for (epoch, key) in &keys {
        ws.trust_mut().add_project_key(project, *epoch, key)?;
    }

    // Removals new to this workspace take back what the removed device wrote after its cut,
    // however long ago this device took it.
    let known: BTreeMap<String, i64> =
        ws.trust().removals(project)?.into_iter().map(|r| (r.device, r.cut_hlc)).collect();
    let derived_members: Vec<Member> =
        roster.members.values().filter(|m| m.admitted_by.is_some()).cloned().collect();
    let derived_removals: Vec<Removal> = roster.removals.values().cloned().collect();
    ws.trust_mut().settle(project, &derived_members, &derived_removals)?;
    // (A removed device keeps its own edits: they reach no one else.)
    for r in roster.removals.values().filter(|r| r.device != me) {
        if known.get(&r.device) != Some(&r.cut_hlc) {
            let reason = format!(
                "written by device {} after it was removed from the project (by {} on {})",
                short(&r.device),
                short(&r.removed_by),
                r.removed_at.get(..10).unwrap_or(&r.removed_at)
            );
            ws.trust_mut().refuse_edits_after(project, &r.device, r.cut_hlc, &reason)?;
        }
    }

    let records = ws.trust().records(project)?;
    let facts: Vec<Fact> =
        records.iter().filter_map(|r| facts::decode(project, r, &keys, Some((&me, &mine)))).collect();
    for (checksum, (device, side)) in legacy_of(&facts, &roster) {
        if let (Some(side), false) = (side, roster.members.contains_key(&device)) {
            ws.me_mut().note_device_side(project, &device, side)?;
        }
        roster.legacy.insert(checksum, device);
    }
    for (device, p) in profiles(project, &roster, &records, &keys) {
        if device != me {
            ws.sync_mut().note_device(&device, &p.user_name, &p.app_version, &p.updated_at)?;
        }
    }
    for m in roster.members.values() {
        if m.device != me {
            if let Some(reason) = ws.me_mut().note_device_side(project, &m.device, m.side)? {
                problems.push(skip(&format!("{}/{}", crate::folder::DEVICES, m.device), reason));
            }
        }
    }
    requests::note_requests(ws, project, listing, &roster, &mut problems)?;
    Ok((roster, problems, arriving))
}

/// The members an invite's anchor names, as this workspace pins them.
pub(crate) fn card_member(c: &envelope::Card) -> Option<Member> {
    Some(Member {
        device: c.device.clone(),
        sign_pk: crate::hex::key32(&c.sign_pk)?,
        kex_pk: crate::hex::key32(&c.kex_pk)?,
        side: c.side,
        admitted_by: c.admitted_by.clone(),
        invite_id: c.invite_id.clone(),
        admitted_at: c.admitted_at.clone(),
    })
}

/// A member as an invite's anchor carries it.
pub(crate) fn member_card(m: &Member) -> envelope::Card {
    envelope::Card {
        device: m.device.clone(),
        sign_pk: crate::hex::encode(&m.sign_pk),
        kex_pk: crate::hex::encode(&m.kex_pk),
        side: m.side,
        admitted_by: m.admitted_by.clone(),
        invite_id: m.invite_id.clone(),
        admitted_at: m.admitted_at.clone(),
    }
}
