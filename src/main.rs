use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(gongkai::cli::run())
}
