//! sturdy: a fast, safe codemod tool that migrates Python code to resilience
//! patterns. The engine (parse → codemods → verified range edits → diff or write)
//! lives here; each codemod is one file under [`codemods`].

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
