//! Emitters: each projects the model into one format. They make no decisions of their own
//! that another format would have to repeat; the model (and its `names`) decides.

pub mod cloudformation;
pub mod json;
pub mod openapi;
pub mod outputs;
pub mod policy;
pub mod readme;
pub mod sub;
pub mod terraform;
