//! The signed scope: what both sides agreed "done" means. A signature covers a hash of the
//! scope's content, so any later change to the stories, criteria, the cut line or the
//! boundaries makes it stale.

use sha2::{Digest, Sha256};

use crate::kinds::Cut;

/// The parts of a scope a signature covers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScopeContent {
    pub stories: Vec<String>,
    pub criteria: Vec<(String, Cut)>,
    pub boundaries: Vec<String>,
}

impl ScopeContent {
    /// A hex SHA-256 over a canonical form of the content. Order does not count (reordering
    /// a list changes nothing anyone agreed to); the text, the cut and membership do.
    pub fn hash(&self) -> String {
        let mut stories = self.stories.clone();
        stories.sort();
        let mut criteria: Vec<String> =
            self.criteria.iter().map(|(t, c)| format!("{}\u{1f}{}", c.as_str(), t)).collect();
        criteria.sort();
        let mut boundaries = self.boundaries.clone();
        boundaries.sort();
        let mut h = Sha256::new();
        for (section, items) in [("stories", &stories), ("criteria", &criteria), ("boundaries", &boundaries)]
        {
            h.update(section.as_bytes());
            h.update([0x1e]);
            for item in items {
                h.update((item.len() as u64).to_le_bytes());
                h.update(item.as_bytes());
            }
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> ScopeContent {
        ScopeContent {
            stories: vec!["As a rep I see invoices".into(), "As finance I see accounts".into()],
            criteria: vec![("Invoice syncs in 60 s".into(), Cut::V1), ("Refunds sync".into(), Cut::V1_1)],
            boundaries: vec!["No backfill beyond 90 days".into()],
        }
    }

    #[test]
    fn order_does_not_change_the_hash_but_content_and_cut_do() {
        let base = scope().hash();
        let mut reordered = scope();
        reordered.stories.reverse();
        reordered.criteria.reverse();
        assert_eq!(reordered.hash(), base);

        let mut moved = scope();
        moved.criteria[1].1 = Cut::V1;
        assert_ne!(moved.hash(), base, "moving a criterion across the cut line");

        let mut reworded = scope();
        reworded.boundaries[0].push('!');
        assert_ne!(reworded.hash(), base);

        // an item cannot be smuggled from one section into another
        let mut shifted = scope();
        let b = shifted.boundaries.pop().unwrap();
        shifted.stories.push(b);
        assert_ne!(shifted.hash(), base);
    }
}
