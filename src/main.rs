//! The `sturdy` binary: see [`sturdy::cli`].

// Parsing allocates and frees many small AST nodes: mimalloc (as ruff uses a
// non-system allocator) makes that markedly cheaper than glibc's malloc.
#[global_allocator]
static GLOBAL: sturdy::arena::Alloc = sturdy::arena::Alloc;

fn main() -> std::process::ExitCode {
    // `STURDY_NO_ARENA=1`: parse with the plain allocator (and drop each AST node by
    // node), to compare, or should the arenas ever be in doubt.
    if std::env::var_os("STURDY_NO_ARENA").is_none_or(|v| v.is_empty() || v == "0") {
        sturdy::arena::install();
    }
    sturdy::cli::main()
}
