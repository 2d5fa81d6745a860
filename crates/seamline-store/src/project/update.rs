//! Changing a project's details: what the edit dialog and `project update` send, each field
//! checked as it is typed (and the other company's own facts refused, by the writer).

use serde::{Deserialize, Serialize};

use seamline_core::calendar::WorkWeek;
use seamline_core::{validate, Archetype, SyncDay};

use super::Project;
use crate::error::{Error, Result};
use crate::schema::Entity;
use crate::workspace::{ProjectsRoom, Workspace};

/// A change to a project, read by the one convention of every patch (`crate::patch`): absent
/// or `null` leaves a field alone, `""` clears one that may be empty.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProjectPatch {
    pub name: Option<String>,
    pub ours: Option<String>,
    pub partner: Option<String>,
    pub archetype: Option<Archetype>,
    pub target_launch: Option<String>,
    pub threshold_days: Option<i32>,
    pub channel_url: Option<String>,
    /// `""` clears the sync day.
    #[serde(default, with = "crate::patch::blank_clears", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>, optional))]
    pub sync_day: Option<Option<SyncDay>>,
    pub holidays: Option<Vec<String>>,
    /// Our company's own holidays (replacing the list); only our devices change them.
    pub holidays_ours: Option<Vec<String>>,
    /// The partner company's own holidays; only its devices change them.
    pub holidays_partner: Option<Vec<String>>,
    /// Our company's work week, as typed (`mon-fri`, `sun,mon,tue,wed,thu`); only our devices
    /// change it.
    pub work_week_ours: Option<String>,
    /// The partner company's work week; only its devices change it.
    pub work_week_partner: Option<String>,
    /// `""` puts the status day back to the business day before the sync.
    #[serde(default, with = "crate::patch::blank_clears", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>, optional))]
    pub status_day: Option<Option<SyncDay>>,
}

impl ProjectsRoom<&mut Workspace> {
    pub fn update(&mut self, id: &str, patch: ProjectPatch) -> Result<Project> {
        let current = self.get(id)?;
        let id = current.id.clone();
        let mut sets: Vec<(&str, serde_json::Value)> = Vec::new();
        if let Some(v) = &patch.name {
            sets.push(("name", validate::name("name", v)?.into()));
        }
        let ours = match &patch.ours {
            Some(v) => validate::name("ours", v)?,
            None => current.ours.clone(),
        };
        let partner = match &patch.partner {
            Some(v) => validate::name("partner", v)?,
            None => current.partner.clone(),
        };
        if ours.eq_ignore_ascii_case(&partner) {
            return Err(Error::validation("partner", "must be a different company from ours"));
        }
        if patch.ours.is_some() {
            sets.push(("ours", ours.into()));
        }
        if patch.partner.is_some() {
            sets.push(("partner", partner.into()));
        }
        if let Some(v) = patch.archetype {
            sets.push(("archetype", v.as_str().into()));
        }
        if let Some(v) = &patch.target_launch {
            let d = validate::optional_date("target_launch", Some(v))?;
            sets.push(("target_launch", d.map(|d| d.to_string()).into()));
        }
        if let Some(v) = patch.threshold_days {
            sets.push(("threshold_days", validate::threshold_days("threshold_days", v.into())?.into()));
        }
        if let Some(v) = &patch.channel_url {
            sets.push(("channel_url", validate::optional_url("channel_url", Some(v))?.into()));
        }
        if let Some(day) = patch.sync_day {
            sets.push(("sync_day", day.map(SyncDay::as_str).into()));
        }
        if let Some(day) = patch.status_day {
            sets.push(("status_day", day.map(SyncDay::as_str).into()));
        }
        for (field, list) in [
            ("holidays", &patch.holidays),
            ("holidays_ours", &patch.holidays_ours),
            ("holidays_partner", &patch.holidays_partner),
        ] {
            if let Some(list) = list {
                let mut days = list
                    .iter()
                    .map(|h| validate::date(field, h))
                    .collect::<seamline_core::Result<Vec<_>>>()?;
                days.sort();
                days.dedup();
                let days: Vec<String> = days.iter().map(|d| d.to_string()).collect();
                sets.push((field, serde_json::to_string(&days).unwrap_or_default().into()));
            }
        }
        for (field, week) in
            [("work_week_ours", &patch.work_week_ours), ("work_week_partner", &patch.work_week_partner)]
        {
            if let Some(week) = week {
                sets.push((field, WorkWeek::parse(field, week)?.as_text().into()));
            }
        }
        self.ws.write(|w| {
            for (field, value) in sets {
                w.set(&id, Entity::Project, &id, field, value)?;
            }
            Ok(())
        })?;
        self.get(&id)
    }
}
