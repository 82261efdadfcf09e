pub mod catalog;
pub mod sanitize;
