//! actwiz: from a Windows activation error code to its fix.
//!
//! The core knows nothing of the terminal: the catalog (model, YAML loading,
//! validation), search, the flow walker, placeholder values and sanitizing.
//! The front ends (CLI, plain mode, TUI) and the clipboard sit on top of it.

// The core: no terminal, no clipboard, no program output (see ARCHITECTURE.md).
pub mod core;

// Pure text for people, built on the core.
pub mod export;
pub mod printable;
pub mod transcript;

// Edges.
pub mod cli;
pub mod clipboard;
pub mod config;
pub mod diagnose;
pub mod evtx;
pub mod locale;
pub mod output;
pub mod plain;
pub mod render;
pub mod strings;
pub mod tui;
