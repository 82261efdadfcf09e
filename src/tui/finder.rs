//! The search the wizard uses (see [`crate::core::search`]).

pub(super) use crate::core::search::{Field, Hit, SearchIndex, SearchOutcome};
