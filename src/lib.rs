//! gatewright: Amazon API Gateway REST APIs that call AWS services directly.
//!
//! A blueprint (YAML) or the typed builders fill one format-neutral [`model`]; emitters project
//! it into CloudFormation, OpenAPI and Terraform; [`validate`] judges the results.
//!
//! The library never prints: findings are [`Diagnostic`] values and only the [`cli`] module
//! writes to the terminal (the lints below hold every other module to that).

#![deny(missing_docs)]
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod blueprint;
#[allow(clippy::print_stdout, clippy::print_stderr)]
pub mod cli;
pub mod codes;
pub mod diagnostic;
pub mod diff;
pub mod docs;
pub mod emit;
pub mod import;
pub mod java_regex;
pub mod json;
pub mod limits;
pub mod load;
pub mod lower;
pub mod model;
pub mod output;
pub mod par;
pub mod services;
pub mod simulate;
pub mod source;
pub mod suggest;
pub mod synth;
pub mod validate;
pub mod vtl;

pub use diagnostic::{Diagnostic, Location, Severity};

/// The README's Rust example, compiled and run as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
