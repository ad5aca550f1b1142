//! Phase timings for "why is it slow": with `GONGKAI_TIMINGS` set, each
//! phase of a build prints its elapsed time and the process's memory on
//! stderr. Any stage may log, so this module depends on nothing else.

use std::sync::OnceLock;
use std::time::Instant;

/// Where the first logged phase was timed from (the load, at the start of
/// a build): each line also says how long after it it is logged, so that
/// phases timed from different starts line up.
static FIRST: OnceLock<Instant> = OnceLock::new();

/// Logs the time since `since` under `phase`, when GONGKAI_TIMINGS is set.
pub fn log_elapsed(phase: &str, since: Instant) {
    if std::env::var_os("GONGKAI_TIMINGS").is_some() {
        let first = *FIRST.get_or_init(|| since);
        eprintln!(
            "[timing] {phase}: {:.1} ms (at {:.2} s){}",
            since.elapsed().as_secs_f64() * 1000.0,
            first.elapsed().as_secs_f64(),
            memory_note()
        );
    }
}

/// Resident and peak resident memory, where the system tells (Linux).
pub fn memory_note() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    format!(
        ", resident {}, peak {}{}",
        field("VmRSS:"),
        field("VmHWM:"),
        cpu_note()
    )
}

/// The process's user and system CPU time so far, where the system tells
/// (Linux): set beside the elapsed time, it shows which phases leave cores
/// idle.
fn cpu_note() -> String {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return String::new();
    };
    // The fields after the command name (which may hold spaces) in
    // parentheses; utime and stime are the 14th and 15th of the line.
    let Some((_, after)) = stat.rsplit_once(')') else {
        return String::new();
    };
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok());
    match (ticks(11), ticks(12)) {
        // Clock ticks are 100 a second on every Linux gongkai runs on.
        (Some(user), Some(sys)) => {
            format!(", cpu user {:.1} s sys {:.1} s", user / 100.0, sys / 100.0)
        }
        _ => String::new(),
    }
}
