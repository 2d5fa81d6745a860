//! Devices asking to join: a claim in a device's own directory that proves it holds an invite's
//! code. Only the inviting company's devices answer it; what they find is kept for the Sync
//! screen (who asked, with which invite, its fingerprint), and nothing is admitted until one
//! of them says so. A claim that does not prove the code asks nothing and uses nothing up.

use std::collections::BTreeMap;

use seamline_store::trust::JoinRequest;
use seamline_store::Workspace;
use serde::Serialize;

use super::{read_records, short, skip, Roster};
use crate::crypto;
use crate::envelope::{self, Claim, Kind};
use crate::error::Result;
use crate::folder;
use crate::report::Skipped;

/// A request to join, as the Sync screen and `seamline sync requests` show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Request {
    pub device: String,
    /// The company it asks to join, by name.
    pub company: String,
    /// Its key's fingerprint, to compare over a call with the person who asked.
    pub fingerprint: String,
    pub invite_id: String,
    /// Who made the invite it used (a user name, or a short device id).
    pub invited_by: String,
    pub asked_at: String,
    /// Why it cannot be admitted (the invite expired, was used, two devices used its code).
    pub problem: Option<String>,
    /// Admit may be pressed: its invite still lets a device in (a code two devices used is
    /// still valid, for the one whose fingerprint was checked). Decided here, by the rule
    /// admission follows, never from the problem's wording.
    pub admittable: bool,
}

/// Why `invite` can no longer let a device in (already used, expired), if so: the one rule the
/// request's note, its Admit button and [`requests`] follow.
fn spent(roster: &Roster, invite: &super::InviteInfo, now: chrono::DateTime<chrono::Utc>) -> Option<String> {
    let expired = chrono::DateTime::parse_from_rfc3339(&invite.expires_at).map_or(true, |t| now > t);
    if let Some(m) = roster.used(&invite.invite_id) {
        Some(format!("the invite was already used by device {}", short(&m.device)))
    } else if expired {
        Some("the invite expired; send a new one".to_string())
    } else {
        None
    }
}

/// The claims in the folder that this device's company may answer, checked, kept in the
/// workspace for [`requests`]. `problems` gets the claims that prove nothing.
pub(crate) fn note_requests(
    ws: &mut Workspace,
    project: &str,
    listing: &folder::Listing,
    roster: &Roster,
    problems: &mut Vec<Skipped>,
) -> Result<()> {
    let me = ws.device_id().to_string();
    let Some(mine) = roster.members.get(&me).filter(|_| roster.is_current(&me)) else {
        return Ok(ws.trust_mut().set_join_requests(project, &[])?);
    };
    let now = ws.now();
    let (records, strangers) = read_records(listing, |d| roster.members.contains_key(d), 4);
    problems.extend(strangers);
    let mut found: Vec<JoinRequest> = Vec::new();
    for r in &records {
        let Ok((Kind::Claim, claim)) = envelope::peek::<Claim>(&r.bytes) else {
            problems.push(skip(
                &r.file,
                format!(
                    "device {} was not admitted to this project; only its request to join is read",
                    short(&r.device)
                ),
            ));
            continue;
        };
        let Some(invite) = roster.invites.get(&claim.invite_id) else { continue };
        // Only the company that made the invite answers it.
        if roster.members.get(&invite.inviter).map(|m| m.side) != Some(mine.side) {
            continue;
        }
        if roster.withdrawn.contains(&invite.invite_id)
            || roster.refused.contains(&(invite.invite_id.clone(), r.device.clone()))
        {
            continue;
        }
        let proven = (|| {
            let sign_pk = crate::hex::key32(&claim.sign_pk)?;
            let kex_pk = crate::hex::key32(&claim.kex_pk)?;
            envelope::verify(&r.bytes, project, &r.device, &sign_pk).ok()?;
            let sig = crate::hex::bytes(&claim.invite_sig, crypto::SIG_LEN)?;
            let msg = crypto::claim_message(project, &claim.invite_id, &r.device, &sign_pk, &kex_pk);
            crypto::verify(&invite.claim_pk, &msg, &sig).then_some((sign_pk, kex_pk))
        })();
        let Some((sign_pk, kex_pk)) = proven else {
            problems.push(skip(
                &r.file,
                "asks to join with an invite but does not prove its code (no one sent it the code); ignored"
                    .into(),
            ));
            continue;
        };
        let problem = spent(roster, invite, now);
        found.push(JoinRequest {
            device: r.device.clone(),
            invite_id: invite.invite_id.clone(),
            sign_pk,
            kex_pk,
            side: invite.side,
            asked_at: claim.at.chars().take(40).collect(),
            problem,
        });
    }
    // Two devices with one code: the code leaked. Both are shown, with the warning.
    let mut per_invite: BTreeMap<String, usize> = BTreeMap::new();
    for r in &found {
        *per_invite.entry(r.invite_id.clone()).or_default() += 1;
    }
    for r in &mut found {
        if per_invite[&r.invite_id] > 1 && r.problem.is_none() {
            r.problem = Some(
                "two devices used this invite's code, so it reached someone else too: admit only the one whose fingerprint you checked".into(),
            );
        }
    }
    Ok(ws.trust_mut().set_join_requests(project, &found)?)
}

/// The devices asking to join the project that this device's company may let in.
pub fn requests(ws: &Workspace, project: &str) -> Result<Vec<Request>> {
    let p = ws.projects().get(project)?;
    let roster = Roster::from_workspace(ws, &p.id)?;
    let settled = super::settled(ws, &p.id)?;
    let now = ws.now();
    let name = |device: &str| {
        ws.sync()
            .device_said(device)
            .ok()
            .flatten()
            .map(|s| s.0)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| format!("device {}", short(device)))
    };
    Ok(ws
        .trust()
        .join_requests(&p.id)?
        .into_iter()
        .filter(|r| !roster.members.contains_key(&r.device))
        .map(|r| Request {
            admittable: settled.invites.get(&r.invite_id).is_some_and(|i| spent(&settled, i, now).is_none()),
            company: p.company(r.side).to_string(),
            fingerprint: crypto::fingerprint(&r.sign_pk),
            invited_by: settled.invites.get(&r.invite_id).map(|i| name(&i.inviter)).unwrap_or_default(),
            device: r.device,
            invite_id: r.invite_id,
            asked_at: r.asked_at,
            problem: r.problem,
        })
        .collect())
}
