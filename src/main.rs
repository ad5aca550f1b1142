use std::os::raw::{c_int, c_long};
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// mimalloc gives freed memory back to the system a second after it is
// freed (its `purge_delay`, 1000 ms). A build frees hundreds of megabytes
// at the end of one phase and allocates them again in the next, within
// that second, so the peak held both at once: at 20,000 measures
// 1,028-1,047 MB with the default, 964 MB at 5 ms, 971 MB at 20 ms, 980 MB
// at 50 ms, the same user CPU; 20 ms costs 2,000 measures about 0.1 s of
// system time.
// `MIMALLOC_PURGE_DELAY` in the environment still decides when set.
const PURGE_DELAY_MS: c_long = 20;
/// `mi_option_purge_delay` in the `mi_option_t` of mimalloc 3's `mimalloc.h`
/// (the version `libmimalloc-sys` builds by default).
const MI_OPTION_PURGE_DELAY: c_int = 15;

unsafe extern "C" {
    fn mi_option_set(option: c_int, value: c_long);
}

fn main() -> ExitCode {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one of mimalloc's options (an atomic word it reads
        // when it purges); no memory is touched.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    }
    ExitCode::from(gongkai::cli::run())
}

#[cfg(test)]
mod tests {
    use super::*;

    unsafe extern "C" {
        fn mi_option_get(option: c_int) -> c_long;
    }

    /// The option number is mimalloc's purge delay: its default there is
    /// the documented 1000 ms, and setting it is read back. A mimalloc
    /// whose options are numbered differently fails here, not silently.
    #[test]
    fn the_option_set_is_mimallocs_purge_delay() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reads and sets one of mimalloc's options.
        unsafe {
            assert_eq!(mi_option_get(MI_OPTION_PURGE_DELAY), 1000);
            mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS);
            assert_eq!(mi_option_get(MI_OPTION_PURGE_DELAY), PURGE_DELAY_MS);
        }
    }
}
