//! Deleting a shared project and bringing it back. The company that created it deletes it for
//! everyone (a restore is one click, on any device); the partner company leaves it instead: it
//! goes from that company's devices only, and the creating company sees that it left.

use std::ops::Deref;

use seamline_core::Side;
use serde::Serialize;
use serde_json::Value as Json;

use crate::error::Result;
use crate::ids;
use crate::schema::Entity;
use crate::workspace::{ProjectsRoom, Workspace};

use super::Project;

/// What deleting did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Removal {
    /// Gone for everyone (the creating company deleted it).
    Deleted,
    /// Gone from the partner company's devices (it left).
    Left,
}

/// A deleted project, as the portfolio offers it for restoring.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DeletedProject {
    pub id: String,
    pub name: String,
    pub ours: String,
    pub partner: String,
    /// When it was deleted, RFC 3339 (as the deleting device's clock read it).
    pub deleted_at: String,
    pub deleted_by_device: String,
    /// The name the deleting device gave, or "" when it never said.
    pub deleted_by_user: String,
    /// Deleted on this device (else it arrived through the shared folder).
    pub by_this_device: bool,
    /// Still offered for restoring on the portfolio (core's `deletion::offered`, by this
    /// workspace's clock); any deleted project can be restored.
    pub offered: bool,
}

impl Workspace {
    /// Brings a deleted project back, with everything in it, on every device it syncs to.
    /// Projects this device's company (the partner) left: listed with the deleted ones, and
    /// brought back the same way.
    fn left_projects(&self) -> Result<Vec<DeletedProject>> {
        let me = self.device_id().to_string();
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.id, coalesce(p.name, ''), coalesce(p.ours, ''), coalesce(p.partner, ''), p.partner_left_at,
                    (SELECT o.device FROM ops o WHERE o.entity = 'project' AND o.row_id = p.id
                       AND o.field = 'partner_left_at' ORDER BY o.hlc DESC, o.device DESC LIMIT 1)
             FROM projects p JOIN memberships m ON m.project_id = p.id AND m.side = 'partner'
             WHERE p.deleted = 0 AND p.partner_left_at IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| {
            let device: Option<String> = r.get(5)?;
            Ok(DeletedProject {
                id: r.get(0)?,
                name: r.get(1)?,
                ours: r.get(2)?,
                partner: r.get(3)?,
                deleted_at: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                by_this_device: device.as_deref() == Some(me.as_str()),
                deleted_by_user: device
                    .as_deref()
                    .and_then(|d| self.sync().device_said(d).ok().flatten())
                    .map(|s| s.0)
                    .unwrap_or_default(),
                deleted_by_device: device.unwrap_or_default(),
                offered: false,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl<W: Deref<Target = Workspace>> ProjectsRoom<W> {
    /// Deleted projects, the most recently deleted first, with who deleted them and when.
    pub fn deleted(&self) -> Result<Vec<DeletedProject>> {
        let me = self.ws.device_id().to_string();
        let mut stmt = self.ws.conn().prepare_cached(&format!(
            "SELECT p.id, coalesce(p.name, ''), coalesce(p.ours, ''), coalesce(p.partner, ''), o.device,
                    coalesce(d.user_name, ''), {shown}
             FROM projects p
             JOIN ops o ON o.entity = 'project' AND o.row_id = p.id AND o.field = 'deleted' AND o.hlc = p.del_hlc
             LEFT JOIN devices d ON d.id = o.device
             WHERE p.deleted = 1
             ORDER BY 7 DESC, p.id, o.device DESC",
            // Only `ops` has these columns, so the shown time's names need no prefix.
            shown = crate::clocks::SHOWN_MS,
        ))?;
        let rows = stmt.query_map([], |r| {
            let device: String = r.get(4)?;
            Ok(DeletedProject {
                id: r.get(0)?,
                name: r.get(1)?,
                ours: r.get(2)?,
                partner: r.get(3)?,
                by_this_device: device == me,
                deleted_by_device: device,
                deleted_by_user: r.get(5)?,
                deleted_at: crate::clocks::instant_ms(r.get(6)?),
                offered: false,
            })
        })?;
        let mut out: Vec<DeletedProject> = Vec::new();
        for row in rows {
            let row = row?;
            // Two devices deleting under one stamp (all but impossible): one line per project.
            if !out.iter().any(|d| d.id == row.id) {
                out.push(row);
            }
        }
        out.extend(self.ws.left_projects()?);
        let now = self.ws.now();
        for d in &mut out {
            d.offered = seamline_core::deletion::offered(&d.deleted_at, now.fixed_offset());
        }
        Ok(out)
    }
}

impl ProjectsRoom<&mut Workspace> {
    /// Deletes the project for everyone, when this device is with the company that created it;
    /// for the partner company's device (once it is in), the project goes from that company's
    /// devices only: its company leaves, and the creating company sees that it did.
    pub fn delete(&mut self, id: &str) -> Result<Removal> {
        let p = self.get(id)?;
        let partner_apart = p.my_side == Some(Side::Partner);
        if partner_apart {
            let now = self.ws.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            self.ws.write(|w| w.set(&p.id, Entity::Project, &p.id, "partner_left_at", now))?;
            return Ok(Removal::Left);
        }
        self.ws.write(|w| w.delete(&p.id, Entity::Project, &p.id))?;
        Ok(Removal::Deleted)
    }

    pub fn restore(&mut self, id: &str) -> Result<Project> {
        // A project the partner company left comes back for it.
        if let Ok(p) = self.get(id) {
            if p.partner_left_at.is_some() && p.my_side == Some(Side::Partner) {
                self.ws.write(|w| w.set(&p.id, Entity::Project, &p.id, "partner_left_at", Json::Null))?;
                return self.get(&p.id);
            }
        }
        let id = ids::resolve_in(self.ws.conn(), Entity::Project, "project", id, true)?;
        self.ws.write(|w| w.set(&id, Entity::Project, &id, crate::schema::DELETED, false))?;
        self.get(&id)
    }
}
