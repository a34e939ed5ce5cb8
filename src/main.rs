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

/// jemalloc's settings, read when it starts (a NUL-terminated C string, the `malloc_conf` of
/// the jemalloc build `tikv-jemallocator` links, whose symbols carry the `_rjem_` prefix).
/// A run frees each document before it builds the next; by default jemalloc keeps freed pages
/// for 10 s, longer than a run, so the process would hold every document's pages at once.
/// Returning them after 50 ms took the 2,000-method run's peak from 94 to 75 MiB at the same
/// speed (returning them at once cost an eighth more time). One arena instead of one per
/// thread lets a document built on both threads and freed on one leave its pages to the
/// next: the 2,000-method run's median peak went from 64.0 to 62.0 MiB (21 runs each); the
/// 20,000-method run took about 4% longer, its peak the same.
#[allow(non_upper_case_globals)]
#[unsafe(export_name = "_rjem_malloc_conf")]
pub static malloc_conf: &[u8; 45] = b"narenas:1,dirty_decay_ms:50,muzzy_decay_ms:0\0";
