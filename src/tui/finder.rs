//! The search the wizard uses (see [`crate::search`]).

pub use crate::search::{Field, Hit, SearchIndex, SearchOutcome};
