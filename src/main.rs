//! The `sturdy` binary: see [`sturdy::cli`].

fn main() -> std::process::ExitCode {
    sturdy::cli::main()
}
