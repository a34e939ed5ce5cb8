//! The `gatewright` binary: a thin wrapper over [`gatewright::cli`].

fn main() {
    std::process::exit(gatewright::cli::run(std::env::args_os()));
}
