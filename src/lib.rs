//! gatewright: Amazon API Gateway REST APIs that call AWS services directly.
//!
//! A blueprint (YAML) or the typed builders fill one format-neutral [`model`]; emitters project
//! it into CloudFormation, OpenAPI and Terraform; [`validate`] judges the results.

pub mod codes;
pub mod diagnostic;
pub mod model;
pub mod services;
pub mod validate;

pub use diagnostic::{Diagnostic, Location, Severity};
