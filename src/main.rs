//! The `sturdy` binary: see [`sturdy::cli`].

/// mimalloc: the parser and the codemods allocate many small nodes; glibc malloc was a
/// fifth of the run time in profiles.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    sturdy::cli::main()
}
