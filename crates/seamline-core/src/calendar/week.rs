//! A company's work week: the weekdays it works. Most work Monday to Friday; many work Sunday
//! to Thursday, some six days. A blocker waiting on a company ages only on its work days, so a
//! company's week is its own fact, as its holidays are.

use chrono::Weekday;

/// The weekdays a company works (never none). Written `mon,tue,wed,thu,fri`, Monday first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WorkWeek(u8);

/// The days' names as stored, Monday first, and as shown.
const DAYS: [(&str, &str, Weekday); 7] = [
    ("mon", "Monday", Weekday::Mon),
    ("tue", "Tuesday", Weekday::Tue),
    ("wed", "Wednesday", Weekday::Wed),
    ("thu", "Thursday", Weekday::Thu),
    ("fri", "Friday", Weekday::Fri),
    ("sat", "Saturday", Weekday::Sat),
    ("sun", "Sunday", Weekday::Sun),
];

/// Longer than any way of writing seven days: a longer value is refused unread.
const MAX_TEXT: usize = 80;

impl Default for WorkWeek {
    fn default() -> Self {
        WorkWeek::MONDAY_TO_FRIDAY
    }
}

impl WorkWeek {
    pub const MONDAY_TO_FRIDAY: WorkWeek = WorkWeek(0b001_1111);

    /// The week of these days; `None` for no day.
    pub fn of(days: impl IntoIterator<Item = Weekday>) -> Option<WorkWeek> {
        let bits = days.into_iter().fold(0u8, |b, d| b | 1 << d.num_days_from_monday());
        (bits != 0).then_some(WorkWeek(bits))
    }

    pub fn works(self, day: Weekday) -> bool {
        self.0 & (1 << day.num_days_from_monday()) != 0
    }

    /// How many days a week it works (1 to 7).
    pub fn len(self) -> i64 {
        i64::from(self.0.count_ones())
    }

    /// Never: a work week has at least one day.
    pub fn is_empty(self) -> bool {
        false
    }

    /// The days of the week as stored (`mon`) and as read (`Monday`), Monday first.
    pub fn every_day() -> impl Iterator<Item = (&'static str, &'static str)> {
        DAYS.iter().map(|d| (d.0, d.1))
    }

    /// The days it works, Monday first.
    pub fn days(self) -> impl Iterator<Item = Weekday> {
        DAYS.iter().map(|d| d.2).filter(move |d| self.works(*d))
    }

    /// The last day of its week: the work day its weekend (the longest run of days off)
    /// follows: Friday for Monday to Friday, Thursday for Sunday to Thursday, Sunday for a
    /// company that works every day.
    pub fn last_day(self) -> Weekday {
        let off_after = |d: Weekday| {
            let mut n = 0;
            let mut next = d.succ();
            while n < 7 && !self.works(next) {
                n += 1;
                next = next.succ();
            }
            n
        };
        // Of two as long, the later in the calendar week.
        self.days().max_by_key(|d| (off_after(*d), d.num_days_from_monday())).unwrap_or(Weekday::Fri)
    }

    /// As stored: `sun,mon,tue,wed,thu` is written `mon,tue,wed,thu,sun` (Monday first).
    pub fn as_text(self) -> String {
        DAYS.iter().filter(|d| self.works(d.2)).map(|d| d.0).collect::<Vec<_>>().join(",")
    }

    /// As a person reads it: "Monday to Friday", "Sunday to Thursday", "Monday, Wednesday and
    /// Friday".
    pub fn label(self) -> String {
        let name = |d: Weekday| DAYS[d.num_days_from_monday() as usize].1;
        if self.len() == 7 {
            return "every day".into();
        }
        // A run of days, possibly across Sunday: it starts after a day off.
        let first = self.days().find(|d| !self.works(d.pred())).expect("a day off");
        let mut run = vec![first];
        while self.works(run[run.len() - 1].succ()) {
            run.push(run[run.len() - 1].succ());
        }
        if run.len() as i64 == self.len() {
            return match run.len() {
                1 => name(first).to_string(),
                2 => format!("{} and {}", name(first), name(run[1])),
                _ => format!("{} to {}", name(first), name(run[run.len() - 1])),
            };
        }
        let names: Vec<&str> = self.days().map(name).collect();
        format!("{} and {}", names[..names.len() - 1].join(", "), names[names.len() - 1])
    }

    /// Reads a work week as typed or stored: day names (`mon`, `Monday`), separated by commas
    /// or spaces, and ranges (`mon-fri`, `Sun-Thu`, across the weekend too). An error names
    /// `field` and says what is allowed.
    pub fn parse(field: &str, text: &str) -> crate::Result<WorkWeek> {
        let wrong = |what: String| crate::Error::validation(field, what);
        let allowed = "days of the week, such as 'mon-fri' or 'sun,mon,tue,wed,thu'";
        if text.len() > MAX_TEXT {
            return Err(wrong(format!("must be {allowed}")));
        }
        let day = |word: &str| -> crate::Result<Weekday> {
            let w = word.trim().to_ascii_lowercase();
            DAYS.iter()
                .find(|d| w.len() >= 3 && d.1.to_ascii_lowercase().starts_with(&w) && w.starts_with(d.0))
                .map(|d| d.2)
                .ok_or_else(|| {
                    let shown: String = word.trim().chars().filter(|c| !c.is_control()).take(20).collect();
                    wrong(format!("must be {allowed} ('{shown}' is not a day)"))
                })
        };
        let mut bits = 0u8;
        for part in text.split([',', ' ', ';']).map(str::trim).filter(|p| !p.is_empty()) {
            match part.split_once(['-', '–']) {
                Some((from, to)) => {
                    let (mut d, to) = (day(from)?, day(to)?);
                    bits |= 1 << d.num_days_from_monday();
                    while d != to {
                        d = d.succ();
                        bits |= 1 << d.num_days_from_monday();
                    }
                }
                None => bits |= 1 << day(part)?.num_days_from_monday(),
            }
        }
        if bits == 0 {
            return Err(wrong(format!("must name at least one day: {allowed}")));
        }
        Ok(WorkWeek(bits))
    }
}

/// A work week as the app and `--json` show it: the days as stored and how they read, so no
/// screen words a week its own way.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ShownWeek {
    /// As stored: `mon,tue,wed,thu,fri`.
    pub days: String,
    /// "Monday to Friday".
    pub label: String,
}

impl serde::Serialize for WorkWeek {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ShownWeek { days: self.as_text(), label: self.label() }.serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for WorkWeek {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let shown = ShownWeek::deserialize(d)?;
        WorkWeek::parse("work_week", &shown.days).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Weekday::*;

    #[test]
    fn weeks_are_read_as_typed_and_written_monday_first() {
        let text = |s: &str| WorkWeek::parse("work_week", s).map(|w| (w.as_text(), w.label()));
        let ok = |s: &str, stored: &str, label: &str| {
            assert_eq!(text(s).unwrap(), (stored.to_string(), label.to_string()), "{s}");
        };
        ok("mon-fri", "mon,tue,wed,thu,fri", "Monday to Friday");
        ok("Sun-Thu", "mon,tue,wed,thu,sun", "Sunday to Thursday");
        ok("sunday, monday, tuesday, wednesday, thursday", "mon,tue,wed,thu,sun", "Sunday to Thursday");
        ok("Mon Wed Fri", "mon,wed,fri", "Monday, Wednesday and Friday");
        ok("sat-fri", "mon,tue,wed,thu,fri,sat,sun", "every day");
        ok("tue", "tue", "Tuesday");
        ok("fri,sat", "fri,sat", "Friday and Saturday");
        ok("mon–thu", "mon,tue,wed,thu", "Monday to Thursday");
        for bad in ["", " , ", "mo", "monkey", "mon-funday", "weekdays", &"mon,".repeat(40)] {
            let e = WorkWeek::parse("work_week_ours", bad).unwrap_err().to_string();
            assert!(e.contains("work_week_ours") && e.contains("day"), "{bad:?}: {e}");
        }
    }

    #[test]
    fn the_week_ends_before_its_weekend() {
        let last = |s: &str| WorkWeek::parse("", s).unwrap().last_day();
        assert_eq!(last("mon-fri"), Fri);
        assert_eq!(last("sun-thu"), Thu);
        assert_eq!(last("mon-sat"), Sat);
        assert_eq!(last("mon-sun"), Sun);
        assert_eq!(last("mon,wed,fri"), Fri);
        assert_eq!(WorkWeek::default().last_day(), Fri);
    }

    #[test]
    fn stored_text_reads_back() {
        for bits in 1u8..128 {
            let w = WorkWeek(bits);
            assert_eq!(WorkWeek::parse("", &w.as_text()).unwrap(), w);
            assert_eq!(WorkWeek::of(w.days()), Some(w));
        }
        assert_eq!(WorkWeek::of([]), None);
    }
}
