//! The payloads of the signed records, one struct per kind (MessagePack maps with string keys).

use serde::{Deserialize, Serialize};

/// A device asks to be admitted with an invite: its keys, signed by the invite's claim key
/// (which only holders of the code have).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub invite_id: String,
    pub sign_pk: String,
    pub kex_pk: String,
    pub invite_sig: String,
    pub at: String,
}

/// An invite a member made: which company it admits a device to, the public half of its
/// claim key, when it expires, and its anchor: sealed under a key only the code gives, what a
/// joining device needs to check everything else (who shared the project, the members and
/// removals the inviter knew). It holds no project key: keys reach a device only wrapped to
/// its own key, in the admission a member writes once someone of the company let it in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invite {
    pub invite_id: String,
    pub side: seamline_core::Side,
    pub claim_pk: String,
    pub created_at: String,
    /// RFC 3339; judged by the admitting device's clock when it admits. Absent from invites
    /// of earlier versions, which this version does not admit with.
    #[serde(default)]
    pub expires_at: Option<String>,
    /// The sealed [`Anchor`] (hex).
    #[serde(default)]
    pub anchor: Option<String>,
    /// Its maker lets the device that proves the code in without a click, while the invite is
    /// valid: any current device of the inviting company admits it at its next sync. Signed
    /// with the rest of the record; absent (no) from earlier versions' invites.
    #[serde(default)]
    pub auto_admit: bool,
}

/// What an invite's anchor holds: enough for a device that has only the code to know whom to
/// trust, and what to say while it waits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Anchor {
    /// The device that shared the project: the root every admission is traced back to.
    pub root: Card,
    /// The members the inviter knew (admitted devices with their keys).
    pub members: Vec<Card>,
    pub removals: Vec<RemovalNote>,
    /// The company of the device that made the invite, and the one the invite admits to, by
    /// name, for "Waiting for Acme to let this device in".
    pub inviter_company: String,
    pub company: String,
    pub inviter: String,
    /// The project's name, to say what the code is for before joining.
    pub project_name: String,
}

/// A member as another member vouches for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub device: String,
    pub sign_pk: String,
    pub kex_pk: String,
    pub side: seamline_core::Side,
    pub admitted_by: Option<String>,
    pub invite_id: Option<String>,
    pub admitted_at: Option<String>,
}

/// A removal as a member who knows of it tells a newcomer (in an invite's anchor or an
/// admission): the facts of it without the removed device's list of segments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemovalNote {
    pub device: String,
    pub removed_by: String,
    pub at: String,
    pub cut_hlc: i64,
    pub kept: Vec<String>,
}

/// A member let a device in: readable only by whom it concerns. `facts` is sealed under a
/// project key for the members; `welcome` is wrapped to the new device's own key (its
/// `device` left empty: the new device finds it by opening it) and gives it the facts, the
/// project's keys and the removals the admitting device knew.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Admission {
    /// The invite it was admitted with: readable, so a device holding that invite's code
    /// learns it was used.
    pub invite_id: String,
    pub key_id: u32,
    pub facts: String,
    pub welcome: Wrapped,
}

/// Who was admitted, with which keys, to which company, with which invite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdmissionFacts {
    pub device: String,
    pub sign_pk: String,
    pub kex_pk: String,
    pub side: seamline_core::Side,
    pub invite_id: String,
    pub at: String,
}

/// What the admitted device alone reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Welcome {
    pub facts: AdmissionFacts,
    /// The project's keys by epoch (hex).
    pub keys: Vec<(u32, String)>,
    pub removals: Vec<RemovalNote>,
}

/// A member withdrew an invite of its company: no device is admitted with it any more.
/// Readable, so a device holding the invite's code learns it was withdrawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Withdrawal {
    pub invite_id: String,
    pub at: String,
}

/// A member refused a device that asked to join with an invite: no device of its company
/// lists the request again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refusal {
    pub invite_id: String,
    pub device: String,
    pub at: String,
}

/// A member's record sealed under a project key (removals, keys, withdrawals, refusals): the
/// sync service sees only that a member wrote something. The plaintext is the inner kind's
/// byte, then its MessagePack payload; it is bound to the project and the writing device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sealed {
    pub key_id: u32,
    pub sealed: String,
}

/// A member removed a device of its company.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Removal {
    pub device: String,
    pub at: String,
    pub cut_hlc: i64,
    pub kept: Vec<String>,
    /// The epoch of the key made for what follows.
    pub epoch: u32,
    /// The removed device's segments (checksums) that still count: any other is refused.
    #[serde(default)]
    pub segments: Vec<String>,
}

/// A project key, wrapped to each device that may read what follows: made for the removal of
/// `removal` (a device of the writer's own company), and counted only then.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Keys {
    pub epoch: u32,
    pub recipients: Vec<Wrapped>,
    #[serde(default)]
    pub removal: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Wrapped {
    pub device: String,
    pub eph_pk: String,
    pub sealed: String,
}

/// A folder shared before encryption (format 1) made encrypted by the root, a device of the
/// company that created the project: it admits the devices that were syncing the project,
/// with the keys each of them had published in plaintext, and gives them the first project
/// key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Upgrade {
    pub at: String,
    pub members: Vec<UpgradeMember>,
    /// Key epoch 1, wrapped to each member.
    pub recipients: Vec<Wrapped>,
    /// The plaintext segments the root had read (by checksum, with their device): the
    /// project's history before encryption, which may still be read from the folder until
    /// each device has rewritten its own. Any other plaintext file is refused.
    pub legacy: Vec<Legacy>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpgradeMember {
    pub device: String,
    pub sign_pk: String,
    pub kex_pk: String,
    pub side: seamline_core::Side,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Legacy {
    pub device: String,
    pub checksum: String,
    /// The company the device said it is with, when it said.
    pub side: Option<seamline_core::Side>,
}

/// Who a device is (its user's name, its app), sealed under a project key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// The id of the project key it is sealed with.
    pub key_id: u32,
    pub sealed: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileBody {
    pub user_name: String,
    pub app_version: String,
    pub updated_at: String,
}
