//! The catalog: error codes, their decision trees, loading and validation.

pub mod model;

pub use model::*;
