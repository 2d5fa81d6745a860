//! The registry of synced entities: which projection table each one fills and which fields an
//! op may write. The op log stores entity and field names as text; this registry is the only
//! place that turns them into SQL identifiers, so an op from a shared folder can never name a
//! table or column of its choosing.

use rusqlite::types::Value as SqlValue;
use seamline_core::calendar::WorkWeek;
use seamline_core::validate::{
    self, Rule, Value as RuleValue, MAX_NAME_CHARS, MAX_REPORT_CHARS, MAX_TEXT_CHARS,
};
use seamline_core::{
    Archetype, BlockerClass, ChecklistKind, Cut, Direction, MilestoneKind, RaciLetter, Side, SyncDay, Track,
    WizardStep,
};
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
        "escalation_partner": Text, "created_at": Text, "wizard_step": Text, "status_day": Text,
        "partner_left_at": Text, "holidays_ours": Text, "holidays_partner": Text,
        "work_week_ours": Text, "work_week_partner": Text,
    ];
    Person => "person", "people", ["side": Text, "name": Text, "email": Text, "title": Text];
    Story => "story", "stories", ["text": Text, "position": Real];
    WorkflowStep => "workflow_step", "workflow_steps", ["text": Text, "side": Text, "position": Real];
    Criterion => "criterion", "criteria", [
        "story_id": Text, "text": Text, "cut": Text, "met_on": Text, "position": Real,
    ];
    Boundary => "boundary", "boundaries", ["text": Text, "position": Real];
    Signoff => "signoff", "signoffs", [
        "side": Text, "person_id": Text, "signed_at": Text, "scope_hash": Text, "recorded_how": Text,
        "recorded_by": Text,
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
    Proposal => "proposal", "proposals", [
        "entity": Text, "row_id": Text, "changes": Text, "by_side": Text, "by_person": Text,
        "note": Text, "state": Text, "decided_at": Text, "decided_by": Text, "created_at": Text,
    ];
}

const LINE: Rule = Rule::Line { max: MAX_NAME_CHARS };
const TEXT: Rule = Rule::Text { max: MAX_TEXT_CHARS };

impl Entity {
    /// What a field may hold: the same rules the use cases hold local input to. A value from
    /// another device that breaks them stays in the log but is not projected (see
    /// [`Entity::column`]); `invalid_values` lists it.
    pub fn rule(self, field: &str) -> Option<Rule> {
        use Entity as E;
        Some(match (self, field) {
            (_, DELETED) => Rule::Bool,
            (_, "position") => Rule::Real,
            (E::Project, "name" | "ours" | "partner") => LINE,
            (E::Project, "archetype") => Rule::Enum(|s| Archetype::parse("", s).is_ok()),
            (E::Project, "target_launch") => Rule::Date,
            (E::Project, "channel_url") => Rule::Url,
            (E::Project, "threshold_days") => Rule::Int { min: 1, max: validate::MAX_THRESHOLD_DAYS as i64 },
            (E::Project, "sync_day" | "status_day") => Rule::Enum(|s| SyncDay::parse("", s).is_ok()),
            (E::Project, "holidays" | "holidays_ours" | "holidays_partner") => Rule::DateList,
            (E::Project, "work_week_ours" | "work_week_partner") => {
                Rule::Enum(|s| WorkWeek::parse("", s).is_ok())
            }
            (E::Project, "owner_ours" | "owner_partner" | "escalation_ours" | "escalation_partner") => {
                Rule::Id
            }
            (E::Project, "created_at" | "partner_left_at") => Rule::Instant,
            (E::Project, "wizard_step") => Rule::Enum(|s| WizardStep::parse("", s).is_ok()),
            (E::Person, "side")
            | (E::WorkflowStep, "side")
            | (E::Signoff, "side")
            | (E::RaciCell, "side") => Rule::Enum(|s| Side::parse("", s).is_ok()),
            (E::Person, "name" | "title") => LINE,
            (E::Person, "email") => Rule::Email,
            (E::Story | E::WorkflowStep | E::Criterion | E::Boundary | E::ChecklistItem, "text") => TEXT,
            (E::Criterion, "story_id") => Rule::Id,
            (E::Criterion, "cut") => Rule::Enum(|s| Cut::parse("", s).is_ok()),
            (E::Criterion, "met_on") => Rule::Date,
            (E::Signoff, "person_id") => Rule::Id,
            (E::Signoff, "signed_at") => Rule::Instant,
            (E::Signoff, "scope_hash") => Rule::Hash,
            (E::Signoff, "recorded_how" | "recorded_by") => LINE,
            (E::Contract, "direction") => Rule::Enum(|s| Direction::parse("", s).is_ok()),
            (E::Contract, _) => TEXT,
            (E::FieldMapping, "allowed_values" | "value_map") => TEXT,
            (E::FieldMapping, "source_of_truth") => Rule::Enum(|s| Side::parse("", s).is_ok()),
            (E::FieldMapping, _) => LINE,
            (E::AuthScope, "scope") => LINE,
            (E::AuthScope, _) => TEXT,
            (E::Milestone, "track") => Rule::Enum(|s| Track::parse("", s).is_ok()),
            (E::Milestone, "kind") => Rule::Enum(|s| MilestoneKind::parse("", s).is_ok()),
            (E::Milestone, "title") => LINE,
            (E::Milestone, "planned" | "done_on") => Rule::Date,
            (E::Workstream, "name") => LINE,
            (E::RaciCell, "workstream_id" | "person_id") => Rule::Id,
            (E::RaciCell, "letter") => Rule::Enum(|s| RaciLetter::parse("", s).is_ok()),
            (E::Blocker, "title") => LINE,
            (E::Blocker, "class") => Rule::Enum(|s| BlockerClass::parse("", s).is_ok()),
            (E::Blocker, "waiting_on") => Rule::Enum(|s| Side::parse("", s).is_ok()),
            (E::Blocker, "owner_id" | "escalated_to") => Rule::Id,
            (E::Blocker, "opened" | "due" | "resolved_on") => Rule::Date,
            // "Decided: " and the decision, when a decision resolves the blocker.
            (E::Blocker, "resolution") => Rule::Text { max: MAX_TEXT_CHARS + 16 },
            (E::Blocker, "escalated_at") => Rule::Instant,
            (E::Decision, "question" | "decision") => TEXT,
            (E::Decision, "decided_by" | "blocker_id") => Rule::Id,
            (E::Decision, "decided_on") => Rule::Date,
            (E::StatusReport, "week") => Rule::Date,
            (E::StatusReport, "body") => Rule::Text { max: MAX_REPORT_CHARS },
            (E::StatusReport, "published_at") => Rule::Instant,
            (E::ChecklistItem, "list") => Rule::Enum(|s| ChecklistKind::parse("", s).is_ok()),
            (E::ChecklistItem, "note") => TEXT,
            (E::ChecklistItem, "done") => Rule::Bool,
            (E::Proposal, "entity") => {
                Rule::Enum(|s| matches!(s, "person" | "project" | "raci_cell" | "workflow_step"))
            }
            (E::Proposal, "row_id" | "by_person" | "decided_by") => Rule::Id,
            (E::Proposal, "changes") => TEXT,
            (E::Proposal, "by_side") => Rule::Enum(|s| Side::parse("", s).is_ok()),
            (E::Proposal, "note") => TEXT,
            (E::Proposal, "state") => Rule::Enum(|s| matches!(s, "open" | "accepted" | "declined")),
            (E::Proposal, "decided_at" | "created_at") => Rule::Instant,
            _ => return None,
        })
    }

    /// Why a value may not be stored in this field, or `None` when it may.
    pub fn check(self, field: &str, value: &Json) -> Option<String> {
        let rule = self.rule(field)?;
        let v = match value {
            Json::Null => RuleValue::Null,
            Json::Bool(b) => RuleValue::Bool(*b),
            Json::Number(n) => match n.as_i64() {
                Some(i) => RuleValue::Int(i),
                None => RuleValue::Real(n.as_f64().unwrap_or(f64::NAN)),
            },
            Json::String(s) => RuleValue::Text(s),
            _ => RuleValue::Other,
        };
        rule.check(v)
    }

    /// The column value a field's value projects to: NULL when it has the wrong type or
    /// breaks the field's rule (only possible from another device), the same on every device
    /// and in a rebuild.
    pub fn column(self, field: &str, value: &Json) -> SqlValue {
        match self.field_kind(field) {
            Some(kind) if self.check(field, value).is_none() => kind.to_sql(value),
            _ => SqlValue::Null,
        }
    }

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

    /// The field whose first op says when a row was written, kept in the table's `written`
    /// column (the shown time of that op, in ms): the burn-down starts at the first v1
    /// criterion's, and reading it from the op log cost a seek per criterion.
    pub fn written_by(self) -> Option<&'static str> {
        match self {
            Entity::Criterion => Some("text"),
            _ => None,
        }
    }
}
