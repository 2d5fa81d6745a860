//! Reading projection columns: dates written `YYYY-MM-DD` and text borrowed from the row.

use chrono::NaiveDate;

pub(crate) fn date(s: Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(seamline_core::calendar::parse_date)
}

/// The text of column `i`, borrowed from the row (no copy): `None` for NULL or any other type.
/// For values read into an enum or a date, where a `String` per cell would be thrown away.
pub(crate) fn text_at<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    Ok(match r.get_ref(i)? {
        rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t).ok(),
        _ => None,
    })
}

/// The date in column `i`, when it holds one written `YYYY-MM-DD`.
pub(crate) fn date_at(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(text_at(r, i)?.and_then(seamline_core::calendar::parse_date))
}
