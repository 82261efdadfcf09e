//! The core: the catalog (model, YAML loading, validation), search, the flow
//! walker, placeholder values, evidence and the sanitizer. It knows nothing
//! of the terminal, the clipboard or program output; the front ends use it,
//! never the other way round (checked by tests/architecture.rs).

pub mod catalog;
pub mod evidence;
pub(crate) mod i18n;
pub(crate) mod model;
pub mod placeholder;
pub mod sanitize;
pub mod search;
pub(crate) mod shared_message;
pub mod walk;
