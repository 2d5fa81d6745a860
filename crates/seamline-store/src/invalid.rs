//! Values from other devices that break the rules local input is held to. They stay in the
//! op log (the log keeps every op, and a later valid edit simply wins), the projection does
//! not use them (`Entity::column`), and the Sync screen lists the ones still in force, with
//! the reason and the device that wrote them. They are noted as ops arrive, below the
//! workspace (`oplog::invalid`).

use std::ops::Deref;

use rusqlite::params;
use serde::Serialize;

use crate::error::Result;
use crate::workspace::{HistoryRoom, Workspace};

/// A value received from another device that this app does not use.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InvalidValue {
    pub entity: String,
    pub row_id: String,
    /// What the row is called now (a blocker's title…), when it has a name.
    pub row_label: String,
    pub field: String,
    /// Why it is not used, e.g. "must be from 1 to 65 (got 0)".
    pub reason: String,
    pub device: String,
    /// The name the device gave, or "" when it never said.
    pub user_name: String,
}

impl<W: Deref<Target = Workspace>> HistoryRoom<W> {
    /// The project's invalid values that still win their field (a later edit replaces them).
    pub fn invalid_values(&self, project: &str) -> Result<Vec<InvalidValue>> {
        let project = self.ws.projects().get_or_deleted(project)?;
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT iv.entity, iv.row_id, iv.field, iv.reason, iv.device, coalesce(d.user_name, '')
             FROM invalid_values iv LEFT JOIN devices d ON d.id = iv.device
             WHERE iv.project_id = ?1 AND NOT EXISTS (
               SELECT 1 FROM ops o WHERE o.entity = iv.entity AND o.row_id = iv.row_id AND o.field = iv.field
                 AND (o.hlc > iv.hlc OR (o.hlc = iv.hlc AND o.device > iv.device)))
             ORDER BY iv.entity, iv.row_id, iv.field",
        )?;
        let rows: Vec<(String, String, String, String, String, String)> = stmt
            .query_map(params![project], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })?
            .collect::<Result<_, _>>()?;
        let mut labels = std::collections::HashMap::new();
        Ok(rows
            .into_iter()
            .map(|(entity, row_id, field, reason, device, user_name)| InvalidValue {
                row_label: self.ws.row_label(&entity, &row_id, &mut labels),
                entity,
                row_id,
                field,
                reason,
                device,
                user_name,
            })
            .collect())
    }
}
