//! Admission as this workspace sees it: the devices asking to join with an invite of this
//! device's company (for someone here to admit or refuse), and this device's own request
//! while it waits to be let in.

use std::ops::Deref;

use rusqlite::{params, OptionalExtension};
use seamline_core::Side;

use crate::error::Result;
use crate::workspace::{TrustRoom, Workspace};

/// A device that asked to join with an invite and proved it holds the code.
#[derive(Debug, Clone, PartialEq)]
pub struct JoinRequest {
    pub device: String,
    pub invite_id: String,
    pub sign_pk: [u8; 32],
    pub kex_pk: [u8; 32],
    /// The company the invite admits to.
    pub side: Side,
    pub asked_at: String,
    /// Why it cannot be admitted (the invite expired, was used, two devices used its code).
    pub problem: Option<String>,
}

/// This device asked to join a project and waits to be let in.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingJoin {
    pub project_id: String,
    pub invite_id: String,
    /// The company it joins, by name.
    pub company: String,
    /// The company of the device that made the invite: whose device lets it in.
    pub inviter_company: String,
    /// The project's name, as the invite said it.
    pub project_name: String,
    pub asked_at: String,
}

impl<W: Deref<Target = Workspace>> TrustRoom<W> {
    /// The devices asking to join the project, as the last sync found them.
    pub fn join_requests(&self, project: &str) -> Result<Vec<JoinRequest>> {
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT device, invite_id, sign_pk, kex_pk, side, asked_at, problem FROM join_requests
             WHERE project_id = ?1 ORDER BY asked_at, device",
        )?;
        let rows = stmt
            .query_map([project], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Vec<u8>>(2)?,
                    r.get::<_, Vec<u8>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(device, invite_id, s, k, side, asked_at, problem)| {
                Some(JoinRequest {
                    device,
                    invite_id,
                    sign_pk: s.try_into().ok()?,
                    kex_pk: k.try_into().ok()?,
                    side: Side::parse("side", &side).ok()?,
                    asked_at,
                    problem,
                })
            })
            .collect())
    }

    /// This device's request to join the project, while it waits.
    pub fn pending_join(&self, project: &str) -> Result<Option<PendingJoin>> {
        Ok(self
            .ws.conn()
            .prepare_cached(
                "SELECT project_id, invite_id, company, inviter_company, project_name, asked_at FROM pending_joins WHERE project_id = ?1",
            )?
            .query_row([project], |r| {
                Ok(PendingJoin {
                    project_id: r.get(0)?,
                    invite_id: r.get(1)?,
                    company: r.get(2)?,
                    inviter_company: r.get(3)?,
                    project_name: r.get(4)?,
                    asked_at: r.get(5)?,
                })
            })
            .optional()?)
    }

    /// Every project this device waits to be let into.
    pub fn pending_joins(&self) -> Result<Vec<PendingJoin>> {
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT project_id, invite_id, company, inviter_company, project_name, asked_at FROM pending_joins ORDER BY asked_at",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(PendingJoin {
                    project_id: r.get(0)?,
                    invite_id: r.get(1)?,
                    company: r.get(2)?,
                    inviter_company: r.get(3)?,
                    project_name: r.get(4)?,
                    asked_at: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

impl TrustRoom<&mut Workspace> {
    /// Replaces the project's join requests with the ones the last sync found.
    pub fn set_join_requests(&mut self, project: &str, requests: &[JoinRequest]) -> Result<()> {
        let tx = self.ws.conn().unchecked_transaction()?;
        tx.execute("DELETE FROM join_requests WHERE project_id = ?1", [project])?;
        for r in requests {
            tx.execute(
                "INSERT OR REPLACE INTO join_requests
                   (project_id, device, invite_id, sign_pk, kex_pk, side, asked_at, problem)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    project,
                    r.device,
                    r.invite_id,
                    r.sign_pk.as_slice(),
                    r.kex_pk.as_slice(),
                    r.side.as_str(),
                    r.asked_at,
                    r.problem
                ],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Forgets one request (admitted or refused here).
    pub fn drop_join_request(&mut self, project: &str, device: &str) -> Result<()> {
        self.ws.conn().execute(
            "DELETE FROM join_requests WHERE project_id = ?1 AND device = ?2",
            params![project, device],
        )?;
        Ok(())
    }

    /// Remembers that this device asked to join the project.
    pub fn set_pending_join(&mut self, join: &PendingJoin) -> Result<()> {
        self.ws.conn().execute(
            "INSERT OR REPLACE INTO pending_joins (project_id, invite_id, company, inviter_company, project_name, asked_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![join.project_id, join.invite_id, join.company, join.inviter_company, join.project_name, join.asked_at],
        )?;
        Ok(())
    }

    /// This device was let in: it no longer waits.
    pub fn clear_pending_join(&mut self, project: &str) -> Result<()> {
        self.ws.conn().execute("DELETE FROM pending_joins WHERE project_id = ?1", [project])?;
        Ok(())
    }
}
