//! sturdy: a fast, safe codemod tool that migrates Python code to resilience
//! patterns. The engine (parse → codemods → verified range edits → diff or write)
//! lives here; each codemod is one file under [`codemods`].

pub mod arena;
pub mod cli;
pub mod codemods;
pub mod config;
pub mod edit;
pub mod encoding;
pub mod fix;
pub mod imports;
pub mod interactive;
pub mod report;
pub mod runner;
pub mod semantic;
pub mod source;
pub mod suppress;
pub mod util;
pub mod write;

// The unit tests run with the binary's allocator, so that every parse in them uses an
// arena (whose chunks test builds poison when given back: see `arena`).
#[cfg(test)]
#[global_allocator]
static TEST_ALLOC: arena::Alloc = arena::Alloc;
