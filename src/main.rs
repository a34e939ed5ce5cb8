//! The `gatewright` binary: a thin wrapper over [`gatewright::cli`].

fn main() {
    std::process::exit(gatewright::cli::run(std::env::args_os()));
}

/// The command's allocator. A large API's run allocates and frees millions of small strings
/// and document nodes; with jemalloc the 2,000-method synth takes about a quarter less time
/// than with the system allocator, at the same peak memory. The library leaves the choice of
/// allocator to the programs that use it.
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;
