//! The files of a folder refused before, remembered with their size and fingerprint, so an
//! unchanged refused file is reported again without being decoded, and forgotten once it is
//! gone or accepted.

use std::collections::HashSet;

use rusqlite::{params, OptionalExtension};

use super::Import;
use crate::error::Result;

impl Import<'_> {
    /// Why the file was refused before, if it was, and it has not changed since (same name,
    /// size and fingerprint): it is reported again without being decoded.
    pub fn known_rejection(&self, file: &str, size: u64, fingerprint: &str) -> Result<Option<String>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT reason FROM rejected_files WHERE project_id = ?1 AND file = ?2 AND size = ?3 AND fingerprint = ?4",
            )?
            .query_row(params![self.project_id, file, size as i64, fingerprint], |r| r.get(0))
            .optional()?)
    }

    /// Remembers that a file was refused, and why.
    pub fn remember_rejection(
        &mut self,
        file: &str,
        size: u64,
        fingerprint: &str,
        reason: &str,
    ) -> Result<()> {
        self.tx.execute(
            "INSERT INTO rejected_files (project_id, file, size, fingerprint, reason) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (project_id, file) DO UPDATE SET size = excluded.size,
               fingerprint = excluded.fingerprint, reason = excluded.reason",
            params![self.project_id, file, size as i64, fingerprint, reason],
        )?;
        Ok(())
    }

    /// Forgets refused files that are no longer in the folder, or were accepted since.
    pub fn keep_rejections_of(&mut self, files: &[&str]) -> Result<()> {
        let mut stmt = self.tx.prepare_cached("SELECT file FROM rejected_files WHERE project_id = ?1")?;
        let known: Vec<String> =
            stmt.query_map([&self.project_id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        drop(stmt);
        let keep: HashSet<&str> = files.iter().copied().collect();
        for file in known.iter().filter(|f| !keep.contains(f.as_str())) {
            self.tx.execute(
                "DELETE FROM rejected_files WHERE project_id = ?1 AND file = ?2",
                params![self.project_id, file],
            )?;
        }
        Ok(())
    }
}
