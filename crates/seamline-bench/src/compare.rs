//! `seamline-bench compare`: two builds' figures side by side, with each figure's ratio and
//! the regression budget its bench allows (`scripts/bench.sh --against REV` runs both builds'
//! benches in one run, then this).
//!
//! Each side may have several rounds (the builds' benches run in turn, A B A B…, so a drift of
//! the machine's speed touches both alike); a figure is the median of its rounds. A bench
//! names its own budget (`budget_pct` in its JSON); a build from before budgets existed takes
//! the other side's, else [`DEFAULT_BUDGET_PCT`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The budget of a figure whose bench names none.
pub const DEFAULT_BUDGET_PCT: f64 = 10.0;

#[derive(Debug, Deserialize)]
struct Doc {
    results: Vec<Figure>,
}

#[derive(Debug, Clone, Deserialize)]
struct Figure {
    name: String,
    /// Builds before units were named wrote milliseconds as `median_ms`.
    #[serde(alias = "median_ms")]
    median: f64,
    #[serde(default = "milliseconds")]
    unit: String,
    #[serde(default)]
    budget_pct: Option<f64>,
}

/// One row of the comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub name: String,
    pub unit: String,
    /// The earlier build's figure (`None`: it has no such bench).
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// after / before.
    pub ratio: Option<f64>,
    pub budget_pct: f64,
    /// Slower (or larger) than the budget allows.
    pub over_budget: bool,
}

fn milliseconds() -> String {
    "ms".into()
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(if v.len() % 2 == 1 { v[v.len() / 2] } else { (v[v.len() / 2 - 1] + v[v.len() / 2]) / 2.0 })
}

/// Every figure by name: its unit, budget and the rounds' values, in first-seen order.
fn collect(docs: &[String]) -> Result<Vec<(String, Figure, Vec<f64>)>, String> {
    let mut out: Vec<(String, Figure, Vec<f64>)> = Vec::new();
    for text in docs {
        let doc: Doc = serde_json::from_str(text).map_err(|e| format!("not a bench result: {e}"))?;
        for f in doc.results {
            match out.iter_mut().find(|(n, _, _)| *n == f.name) {
                Some((_, _, values)) => values.push(f.median),
                None => out.push((f.name.clone(), f.clone(), vec![f.median])),
            }
        }
    }
    Ok(out)
}

/// Compares the rounds of the earlier build (`before`) with those of this one (`after`), each
/// a bench's JSON output. Rows keep this build's order; benches only the earlier build has
/// come last.
pub fn compare(before: &[String], after: &[String]) -> Result<Vec<Row>, String> {
    let before = collect(before)?;
    let after = collect(after)?;
    let before_by: BTreeMap<&str, &(String, Figure, Vec<f64>)> =
        before.iter().map(|b| (b.0.as_str(), b)).collect();
    let mut rows = Vec::new();
    for (name, fig, values) in &after {
        let old = before_by.get(name.as_str());
        let b = old.and_then(|o| median(o.2.clone()));
        let a = median(values.clone());
        let budget = fig.budget_pct.or(old.and_then(|o| o.1.budget_pct)).unwrap_or(DEFAULT_BUDGET_PCT);
        rows.push(row(name, &fig.unit, b, a, budget));
    }
    for (name, fig, values) in &before {
        if !after.iter().any(|(n, _, _)| n == name) {
            let budget = fig.budget_pct.unwrap_or(DEFAULT_BUDGET_PCT);
            rows.push(row(name, &fig.unit, median(values.clone()), None, budget));
        }
    }
    Ok(rows)
}

fn row(name: &str, unit: &str, before: Option<f64>, after: Option<f64>, budget_pct: f64) -> Row {
    let ratio = match (before, after) {
        (Some(b), Some(a)) if b > 0.0 => Some(a / b),
        _ => None,
    };
    Row {
        name: name.to_string(),
        unit: unit.to_string(),
        before,
        after,
        ratio,
        budget_pct,
        over_budget: ratio.is_some_and(|r| r > 1.0 + budget_pct / 100.0),
    }
}

/// The comparison as a table for people (Markdown, so it can go into docs/PERFORMANCE.md).
pub fn table(rows: &[Row], before_label: &str, after_label: &str) -> String {
    let fmt = |v: Option<f64>, unit: &str| match v {
        Some(v) if v >= 100.0 => format!("{v:.0} {unit}"),
        Some(v) if v >= 10.0 => format!("{v:.1} {unit}"),
        Some(v) => format!("{v:.2} {unit}"),
        None => "–".into(),
    };
    let mut out = format!(
        "| Bench | {before_label} | {after_label} | Ratio | Budget | |\n|---|---:|---:|---:|---:|---|\n"
    );
    for r in rows {
        let ratio = r.ratio.map(|x| format!("×{x:.2}")).unwrap_or_else(|| "–".into());
        let mark = match (r.over_budget, r.ratio) {
            (true, _) => "**over budget**",
            (false, Some(x)) if x < 1.0 - r.budget_pct / 100.0 => "faster",
            (false, Some(_)) => "within",
            (false, None) => "",
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {:.0} % | {} |\n",
            r.name,
            fmt(r.before, &r.unit),
            fmt(r.after, &r.unit),
            ratio,
            r.budget_pct,
            mark
        ));
    }
    out
}

/// `seamline-bench compare BEFORE_LABEL AFTER_LABEL --before A.json… --after B.json…`: the
/// two builds' figures side by side (a Markdown table on stdout, the rows as JSON in
/// `--json FILE` when given).
pub fn main(args: &[String]) {
    let usage = "usage: seamline-bench compare BEFORE_LABEL AFTER_LABEL --before FILE... --after FILE... [--json OUT]";
    let (labels, rest) = args.split_at(2.min(args.len()));
    let [before_label, after_label] = labels else { panic!("{usage}") };
    let (mut before, mut after, mut json) = (Vec::new(), Vec::new(), None);
    let mut side = None;
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--before" | "--after" => side = Some(a.clone()),
            "--json" => json = Some(it.next().expect(usage).clone()),
            file => {
                let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
                match side.as_deref() {
                    Some("--before") => before.push(text),
                    Some("--after") => after.push(text),
                    _ => panic!("{usage}"),
                }
            }
        }
    }
    let rows = compare(&before, &after).unwrap_or_else(|e| panic!("{e}"));
    print!("{}", table(&rows, before_label, after_label));
    if let Some(path) = json {
        std::fs::write(path, serde_json::to_string_pretty(&rows).unwrap()).unwrap();
    }
    let over: Vec<_> = rows.iter().filter(|r| r.over_budget).map(|r| r.name.as_str()).collect();
    if !over.is_empty() {
        eprintln!("\nOver budget against {before_label}: {}", over.join("; "));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(figures: &[(&str, f64, Option<f64>)]) -> String {
        let results: Vec<_> = figures
            .iter()
            .map(|(name, median, budget)| {
                let mut f = serde_json::json!({ "name": name, "median": median, "unit": "ms" });
                if let Some(b) = budget {
                    f["budget_pct"] = serde_json::json!(b);
                }
                f
            })
            .collect();
        serde_json::json!({ "results": results }).to_string()
    }

    #[test]
    fn a_figure_over_its_budget_is_marked_and_one_within_is_not() {
        let before = [doc(&[("portfolio", 1.0, None), ("import", 700.0, None)])];
        let after = [doc(&[("portfolio", 1.2, Some(25.0)), ("import", 760.0, Some(5.0))])];
        let rows = compare(&before, &after).unwrap();
        assert_eq!(rows.len(), 2);
        assert!(!rows[0].over_budget, "1.2 is within a 25 % budget: {:?}", rows[0]);
        assert!(rows[1].over_budget, "760 is over 700 + 5 %: {:?}", rows[1]);
        assert_eq!(rows[1].ratio.map(|r| (r * 1000.0).round()), Some(1086.0));
    }

    #[test]
    fn rounds_are_taken_by_their_median_and_missing_benches_are_listed() {
        let before = [
            doc(&[("open", 1.0, None), ("gone", 3.0, None)]),
            doc(&[("open", 9.0, None), ("gone", 3.0, None)]),
            doc(&[("open", 2.0, None)]),
        ];
        let after = [doc(&[("open", 2.0, None), ("new", 5.0, Some(10.0))])];
        let rows = compare(&before, &after).unwrap();
        let open = rows.iter().find(|r| r.name == "open").unwrap();
        assert_eq!((open.before, open.after, open.budget_pct), (Some(2.0), Some(2.0), DEFAULT_BUDGET_PCT));
        let new = rows.iter().find(|r| r.name == "new").unwrap();
        assert_eq!((new.before, new.ratio, new.over_budget), (None, None, false));
        assert_eq!(rows.last().unwrap().name, "gone", "a bench only the earlier build has comes last");
        let text = table(&rows, "aaa05f1", "HEAD");
        assert!(text.contains("| gone | 3.00 ms | – | – |"), "{text}");
    }

    #[test]
    fn the_earlier_builds_budget_is_used_when_this_one_names_none() {
        let before = [doc(&[("x", 10.0, Some(50.0))])];
        let after = [doc(&[("x", 14.0, None)])];
        let rows = compare(&before, &after).unwrap();
        assert!(!rows[0].over_budget);
    }

    #[test]
    fn an_earlier_builds_figures_in_milliseconds_are_read() {
        let before = [r#"{"results": [{"name": "open", "median_ms": 0.5, "target_ms": 100.0}]}"#.to_string()];
        let rows = compare(&before, &[doc(&[("open", 0.4, None)])]).unwrap();
        assert_eq!((rows[0].before, rows[0].unit.as_str()), (Some(0.5), "ms"));
    }

    #[test]
    fn anything_but_a_bench_result_is_refused() {
        assert!(compare(&["not json".into()], &[]).is_err());
    }
}
