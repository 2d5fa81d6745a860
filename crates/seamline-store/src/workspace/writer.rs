//! A write in progress: one `IMMEDIATE` transaction in which every field written becomes an
//! op in the log and its projection, stamped by this device's clock.

use rusqlite::Connection;
use seamline_core::HlcClock;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::oplog::{self, Op};
use crate::schema::Entity;

/// The handle a write use case gets: the open transaction plus the means to stamp ops.
pub struct Writer<'a> {
    pub(super) tx: rusqlite::Transaction<'a>,
    pub(super) hlc: HlcClock,
    pub(super) device: String,
    pub(super) now_ms: u64,
    /// When this write was made, as its ops carry it.
    pub(super) made_at: i64,
    /// The projects this write changed.
    pub(super) touched: Vec<String>,
    /// Each company changes only its own facts (`seamline_core::ownership`).
    pub(super) guard: crate::ownership::Guard,
}

impl Writer<'_> {
    /// Reads inside the transaction see the writes made so far.
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    /// The device this write is made on.
    pub fn device(&self) -> &str {
        &self.device
    }

    /// Writes one field of a row as an op. A value equal to the current one writes nothing,
    /// so the history shows only real changes.
    pub fn set(
        &mut self,
        project_id: &str,
        entity: Entity,
        row_id: &str,
        field: &str,
        value: impl Serialize,
    ) -> Result<()> {
        self.put(project_id, entity, row_id, field, value, false)
    }

    /// Writes one field again as this device's edit, even when the value is the current one:
    /// an edit made under a lost device key, which can no longer be sent, is sent so.
    pub fn set_again(
        &mut self,
        project_id: &str,
        entity: Entity,
        row_id: &str,
        field: &str,
        value: impl Serialize,
    ) -> Result<()> {
        self.put(project_id, entity, row_id, field, value, true)
    }

    fn put(
        &mut self,
        project_id: &str,
        entity: Entity,
        row_id: &str,
        field: &str,
        value: impl Serialize,
        again: bool,
    ) -> Result<()> {
        debug_assert!(entity.field_kind(field).is_some(), "{} has no field {field}", entity.as_str());
        let value = serde_json::to_value(value).map_err(|e| Error::Internal(e.to_string()))?;
        let prev = oplog::winner(&self.tx, entity.as_str(), row_id, field)?;
        if let Some((_, _, current)) = &prev {
            if *current == value && !again {
                return Ok(());
            }
        }
        self.guard.check(&self.tx, project_id, entity.as_str(), row_id, field, &value)?;
        let hlc = self.hlc.tick(self.now_ms);
        let (prev_hlc, prev_device) = match prev {
            Some((h, d, _)) => (Some(h), Some(d)),
            None => (None, None),
        };
        let op = Op {
            hlc: hlc.to_i64(),
            device: self.device.clone(),
            project_id: project_id.to_string(),
            entity: entity.as_str().to_string(),
            row_id: row_id.to_string(),
            field: field.to_string(),
            value,
            prev_hlc,
            prev_device,
            made_at: Some(self.made_at),
        };
        oplog::append(&self.tx, &op, self.now_ms as i64)?;
        if !self.touched.iter().any(|p| p == project_id) {
            self.touched.push(project_id.to_string());
        }
        Ok(())
    }

    /// Marks a row deleted (an op like any other: deletions travel, missing files never do).
    pub fn delete(&mut self, project_id: &str, entity: Entity, row_id: &str) -> Result<()> {
        self.set(project_id, entity, row_id, crate::schema::DELETED, true)
    }
}
