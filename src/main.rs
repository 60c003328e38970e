//! The `sturdy` binary: see [`sturdy::cli`].

// Parsing allocates and frees many small AST nodes: mimalloc (as ruff uses a
// non-system allocator) makes that markedly cheaper than glibc's malloc.
#[global_allocator]
static GLOBAL: sturdy::arena::Alloc = sturdy::arena::Alloc;

fn main() -> std::process::ExitCode {
    sturdy::arena::install();
    sturdy::cli::main()
}
