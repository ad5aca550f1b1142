//! Phase timings for "why is it slow": with `GONGKAI_TIMINGS` set, each
//! phase of a build prints its elapsed time and the process's memory on
//! stderr. Any stage may log, so this module depends on nothing else.

use std::time::Instant;

/// Logs the time since `since` under `phase`, when GONGKAI_TIMINGS is set.
pub fn log_elapsed(phase: &str, since: Instant) {
    if std::env::var_os("GONGKAI_TIMINGS").is_some() {
        eprintln!(
            "[timing] {phase}: {:.1} ms{}",
            since.elapsed().as_secs_f64() * 1000.0,
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
    format!(", resident {}, peak {}", field("VmRSS:"), field("VmHWM:"))
}
