//! The search the wizard uses (see [`crate::core::search`]).

pub use crate::core::search::{Field, Hit, SearchIndex, SearchOutcome};
