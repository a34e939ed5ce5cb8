//! OpenAPI 3.0 and Swagger 2.0 with API Gateway's `x-amazon-apigateway-*` extensions, for
//! `aws apigateway import-rest-api` (or a RestApi `Body`).
//!
//! Both documents project the same model the same way; they differ only in their top level
//! and in how a parameter says "string". Deploy-time values come from the model's `env`, or
//! stay `${AWS::Region}`-style placeholders (see [`values`]).

mod common;
mod integration;
mod operation;
mod v2;
mod v3;
pub mod values;

pub use integration::uri as integration_uri;
pub use v2::{swagger2, swagger2_with};
pub use v3::{openapi3, openapi3_text_with, openapi3_with};
pub use values::{Deploy, holds_placeholders, placeholders_in};
