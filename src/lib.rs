//! actwiz: from a Windows activation error code to its fix.
//!
//! The core knows nothing of the terminal: the catalog (model, YAML loading,
//! validation), search, the flow walker, placeholder values and sanitizing.
//! The front ends (CLI, plain mode, TUI) and the clipboard sit on top of it.

// Core.
pub mod catalog;
pub mod evidence;
pub mod export;
pub mod fill;
pub mod placeholder;
pub mod printable;
pub mod sanitize;
pub mod search;
pub mod transcript;
pub mod walk;

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
