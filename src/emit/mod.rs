//! Emitters: each projects the model into one format. They make no decisions of their own
//! that another format would have to repeat; the model (and its `names`) decides.
//!
//! What two formats write alike lives here, not in either of them: `policy` (IAM policy
//! JSON), `sub` (the CloudFormation template's names and `Fn::Sub` syntax, which OpenAPI
//! placeholders also use), `outputs` (the outputs both deployable formats export) and `json`.
//! No format's folder imports another's.

pub mod cloudformation;
pub mod deploy;
pub mod json;
pub mod openapi;
pub mod outputs;
pub mod policy;
pub mod readme;
pub mod scan_readme;
pub mod shape;
pub mod sub;
pub mod terraform;
