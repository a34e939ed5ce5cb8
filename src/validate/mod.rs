//! Checks of generated and user-supplied documents against the schemas that define them.

pub mod terraform;
