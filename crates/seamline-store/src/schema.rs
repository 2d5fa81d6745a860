//! The registry of synced entities: which projection table each one fills and which fields an
//! op may write. The op log stores entity and field names as text; this registry is the only
//! place that turns them into SQL identifiers, so an op from a shared folder can never name a
//! table or column of its choosing.

use rusqlite::types::Value as SqlValue;
use serde_json::Value as Json;

/// How a field's JSON value is stored in its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Int,
    Real,
    Bool,
}

impl Kind {
    /// The column value for a JSON value. A value of the wrong type (only possible from a
    /// foreign or hostile device) projects as NULL, the same on every device and in a rebuild.
    pub fn to_sql(self, v: &Json) -> SqlValue {
        match (self, v) {
            (Kind::Text, Json::String(s)) => SqlValue::Text(s.clone()),
            (Kind::Int, Json::Number(n)) => n.as_i64().map_or(SqlValue::Null, SqlValue::Integer),
            (Kind::Real, Json::Number(n)) => n.as_f64().map_or(SqlValue::Null, SqlValue::Real),
            (Kind::Bool, Json::Bool(b)) => SqlValue::Integer(*b as i64),
            _ => SqlValue::Null,
        }
    }
}

/// The field every entity has for deletion: deletions travel as ops like any edit.
pub const DELETED: &str = "deleted";

macro_rules! entities {
    ($($variant:ident => $wire:literal, $table:literal, [$($field:literal: $kind:ident),* $(,)?];)+) => {
        /// A synced entity; every one belongs to exactly one project.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Entity { $($variant,)+ }

        impl Entity {
            pub const ALL: &'static [Entity] = &[$(Entity::$variant,)+];

            /// The name written in the op log.
            pub fn as_str(self) -> &'static str {
                match self { $(Entity::$variant => $wire,)+ }
            }

            pub fn table(self) -> &'static str {
                match self { $(Entity::$variant => $table,)+ }
            }

            /// The fields an op may write (besides `deleted`), with their column kinds.
            pub fn fields(self) -> &'static [(&'static str, Kind)] {
                match self { $(Entity::$variant => &[$(($field, Kind::$kind)),*],)+ }
            }
        }
    };
}

entities! {
    Project => "project", "projects", [
        "name": Text, "ours": Text, "partner": Text, "archetype": Text, "target_launch": Text,
        "channel_url": Text, "threshold_days": Int, "sync_day": Text, "holidays": Text,
        "owner_ours": Text, "owner_partner": Text, "escalation_ours": Text,
        "escalation_partner": Text, "created_at": Text, "wizard_step": Text,
    ];
    Person => "person", "people", ["side": Text, "name": Text, "email": Text, "title": Text];
    Story => "story", "stories", ["text": Text, "position": Real];
    WorkflowStep => "workflow_step", "workflow_steps", ["text": Text, "side": Text, "position": Real];
    Criterion => "criterion", "criteria", [
        "story_id": Text, "text": Text, "cut": Text, "met_on": Text, "position": Real,
    ];
    Boundary => "boundary", "boundaries", ["text": Text, "position": Real];
    Signoff => "signoff", "signoffs", [
        "side": Text, "person_id": Text, "signed_at": Text, "scope_hash": Text,
    ];
    Contract => "contract", "contracts", [
        "objects": Text, "direction": Text, "latency_target": Text, "retry_window": Text,
        "alerting": Text, "auth_method": Text, "idempotency_key": Text, "notes": Text,
    ];
    FieldMapping => "field_mapping", "field_mappings", [
        "object": Text, "partner_field": Text, "partner_type": Text, "our_field": Text,
        "our_type": Text, "allowed_values": Text, "value_map": Text, "default_value": Text,
        "source_of_truth": Text, "position": Real,
    ];
    AuthScope => "auth_scope", "auth_scopes", [
        "scope": Text, "description": Text, "justification": Text, "position": Real,
    ];
    Milestone => "milestone", "milestones", [
        "track": Text, "kind": Text, "title": Text, "planned": Text, "done_on": Text,
    ];
    Workstream => "workstream", "workstreams", ["name": Text, "position": Real];
    RaciCell => "raci_cell", "raci_cells", [
        "workstream_id": Text, "side": Text, "letter": Text, "person_id": Text,
    ];
    Blocker => "blocker", "blockers", [
        "title": Text, "class": Text, "waiting_on": Text, "owner_id": Text, "opened": Text,
        "due": Text, "resolved_on": Text, "resolution": Text, "escalated_at": Text,
        "escalated_to": Text,
    ];
    Decision => "decision", "decisions", [
        "question": Text, "decision": Text, "decided_by": Text, "decided_on": Text,
        "blocker_id": Text,
    ];
    StatusReport => "status_report", "status_reports", [
        "week": Text, "body": Text, "published_at": Text,
    ];
    ChecklistItem => "checklist_item", "checklist_items", [
        "list": Text, "text": Text, "done": Bool, "note": Text, "position": Real,
    ];
}

impl Entity {
    pub fn parse(name: &str) -> Option<Entity> {
        Entity::ALL.iter().copied().find(|e| e.as_str() == name)
    }

    /// The column kind of a field this entity accepts; `None` for a field this build does not
    /// know (an op from a newer app: kept in the log, not projected).
    pub fn field_kind(self, field: &str) -> Option<Kind> {
        if field == DELETED {
            return Some(Kind::Bool);
        }
        self.fields().iter().find(|(f, _)| *f == field).map(|(_, k)| *k)
    }
}
