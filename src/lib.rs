//! actwiz: from a Windows activation error code to its fix.
//!
//! The core knows nothing of the terminal: the catalog (model, YAML loading,
//! validation), search, the flow walker, placeholder values and sanitizing.
//! The front ends (CLI, plain mode, TUI) and the clipboard sit on top of it.

#![warn(unreachable_pub)]

// The core: no terminal, no clipboard, no program output (see ARCHITECTURE.md).
#[forbid(unsafe_code)]
pub mod core;

// Pure text for people, built on the core.
#[forbid(unsafe_code)]
mod export;
#[forbid(unsafe_code)]
pub mod printable;
#[forbid(unsafe_code)]
pub mod transcript;

// Edges.
#[forbid(unsafe_code)]
pub mod cli;
#[forbid(unsafe_code)]
pub mod clipboard;
#[forbid(unsafe_code)]
pub mod config;
mod diagnose;
#[forbid(unsafe_code)]
pub mod evtx;
// The fuzz targets' properties, compiled and tested with the rest.
#[doc(hidden)]
#[forbid(unsafe_code)]
pub mod fuzzing;
#[forbid(unsafe_code)]
pub mod locale;
#[forbid(unsafe_code)]
pub mod output;
#[forbid(unsafe_code)]
mod plain;
#[forbid(unsafe_code)]
pub mod recent;
#[forbid(unsafe_code)]
mod render;
#[forbid(unsafe_code)]
mod strings;
#[forbid(unsafe_code)]
pub mod tui;
