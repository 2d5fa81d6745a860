//! The bench's measuring kit: the fixed clock, timing a run several times and taking the
//! median, and one measure's report (its target and the regression budget it allows).

use std::time::{Duration, Instant};

use seamline_store::Clock;
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct Measure {
    name: &'static str,
    /// The median of the runs, in `unit`.
    median: f64,
    unit: &'static str,
    runs: usize,
    target: f64,
    met: bool,
    /// How much slower than an earlier build this figure may get before a comparison
    /// (`scripts/bench.sh --against REV`) marks it: sub-millisecond reads move more from run
    /// to run on a shared machine than second-long imports do.
    budget_pct: f64,
}

pub(crate) fn clock() -> Clock {
    Clock::Fixed(chrono::DateTime::parse_from_rfc3339("2027-01-15T10:00:00Z").unwrap())
}

pub(crate) fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

pub(crate) fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, usize) {
    // `SEAMLINE_BENCH_RUNS_X=100` runs each quick measure 100 times as often: enough samples
    // for a profiler to see a millisecond read (docs/PERFORMANCE.md, "Profiling").
    let runs = runs * std::env::var("SEAMLINE_BENCH_RUNS_X").ok().and_then(|x| x.parse().ok()).unwrap_or(1);
    let samples = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    (median(samples), runs)
}

/// Runs one measure (when it was asked for) and reports it: its target, and the regression
/// budget it allows against an earlier build, in percent.
pub(crate) fn measure(
    out: &mut Vec<Measure>,
    name: &'static str,
    target_ms: f64,
    budget_pct: f64,
    run: impl FnOnce() -> (f64, usize),
) {
    measure_in(out, name, "ms", target_ms, budget_pct, run)
}

pub(crate) fn measure_in(
    out: &mut Vec<Measure>,
    name: &'static str,
    unit: &'static str,
    target: f64,
    budget_pct: f64,
    run: impl FnOnce() -> (f64, usize),
) {
    if !wanted(name) {
        return;
    }
    let (median, runs) = run();
    eprintln!(
        "{name:<48} {median:>10.2} {unit}   target {target:>7} {unit}   {}",
        if median <= target { "met" } else { "MISSED" }
    );
    out.push(Measure { name, median, unit, runs, target, met: median <= target, budget_pct });
}

/// Whether a measure was asked for: `seamline-bench import portfolio` runs only the measures
/// whose names contain one of the words; no words runs them all.
fn wanted(name: &str) -> bool {
    let words: Vec<String> = std::env::args().skip(1).collect();
    words.is_empty() || words.iter().any(|w| name.contains(w.as_str()))
}
