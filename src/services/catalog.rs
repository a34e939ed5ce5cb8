//! The operations blueprints can name (`s3.get_object`), found by name. Each service lists
//! its own with `service_operations!`; registering a service is one line in `services!`.

use crate::model::Operation;
use schemars::{Schema, SchemaGenerator};
use serde::Deserialize;
use serde::de::Deserializer;

/// Declares a service's blueprint operations: name, argument type, the function that turns
/// the arguments into an [`Operation`], and an example route (`METHOD /path` and the
/// arguments in YAML flow style, which may name the queue `jobs`, the topic `alerts` and the
/// bucket `uploads` of [`EXAMPLE_OWNS`]). Generates `parse_operation`, `OPERATION_NAMES`,
/// `OPERATION_EXAMPLES` and `operation_schemas` in the service's module.
#[macro_export]
#[doc(hidden)]
macro_rules! service_operations {
    ($($name:literal => $args:ty => $make:expr, example: ($route:literal, $example:literal)),+ $(,)?) => {
        /// The operation names this service offers in blueprints.
        pub const OPERATION_NAMES: &[&str] = &[$($name),+];

        /// An example route of each operation: name, route key, arguments (YAML).
        pub const OPERATION_EXAMPLES: &[(&str, &str, &str)] = &[$(($name, $route, $example)),+];

        /// Reads the arguments of operation `name` from a blueprint value.
        pub(crate) fn parse_operation<'de, D: serde::Deserializer<'de>>(
            name: &str,
            d: D,
        ) -> Result<Option<Box<dyn $crate::model::Operation>>, D::Error> {
            $(
                if name == $name {
                    let args = <$args as serde::Deserialize>::deserialize(d)?;
                    let make = $make;
                    return Ok(Some(Box::new(make(args))));
                }
            )+
            Ok(None)
        }

        /// The JSON Schema of each operation's arguments.
        pub(crate) fn operation_schemas(generator: &mut schemars::SchemaGenerator) -> Vec<(&'static str, schemars::Schema)> {
            vec![$(($name, generator.subschema_for::<$args>())),+]
        }
    };
}

macro_rules! services {
    ($($svc:ident),+ $(,)?) => {
        /// Every operation a blueprint can name, qualified (`s3.get_object`), and `aws`.
        pub fn operation_names() -> Vec<String> {
            let mut v = vec![GENERIC.to_string()];
            $(v.extend(super::$svc::OPERATION_NAMES.iter().map(|n| format!("{}.{n}", stringify!($svc))));)+
            v
        }

        /// Reads the arguments of the qualified operation `name` from `d`; `None` when the
        /// name is unknown.
        pub fn parse<'de, D: Deserializer<'de>>(name: &str, d: D) -> Result<Option<Box<dyn Operation>>, D::Error> {
            if name == GENERIC {
                let args = super::aws::AwsCall::deserialize(d)?;
                return Ok(Some(Box::new(args)));
            }
            match name.split_once('.') {
                $(Some((stringify!($svc), op)) => super::$svc::parse_operation(op, d),)+
                _ => Ok(None),
            }
        }

        /// An example route of every operation: qualified name, route key, arguments (YAML).
        pub fn examples() -> Vec<(String, &'static str, &'static str)> {
            let mut v = vec![(GENERIC.to_string(), GENERIC_EXAMPLE.0, GENERIC_EXAMPLE.1)];
            $(v.extend(super::$svc::OPERATION_EXAMPLES.iter().map(|(n, r, a)| (format!("{}.{n}", stringify!($svc)), *r, *a)));)+
            v
        }

        /// The argument schema of every operation, by qualified name.
        pub fn schemas(generator: &mut SchemaGenerator) -> Vec<(String, Schema)> {
            let mut v = vec![(GENERIC.to_string(), generator.subschema_for::<super::aws::AwsCall>())];
            $(v.extend(super::$svc::operation_schemas(generator).into_iter().map(|(n, s)| (format!("{}.{n}", stringify!($svc)), s)));)+
            v
        }
    };
}

/// The name of the generic integration: `aws: { service, action | path, ... }`.
pub const GENERIC: &str = "aws";

/// The example route of the generic integration.
const GENERIC_EXAMPLE: (&str, &str) = (
    "GET /streams",
    "{ service: kinesis, action: ListStreams, http_method: POST, headers: { Content-Type: \"'application/x-amz-json-1.1'\" }, request_templates: { application/json: \"{}\" }, iam: [{ actions: [kinesis:ListStreams], resources: [\"*\"] }] }",
);

/// The resources example routes may name, owned by the blueprint every example is built in.
pub const EXAMPLE_OWNS: &str = "owns:
  queues: { jobs: {} }
  topics: { alerts: {} }
  buckets: { uploads: {} }
  tables: { orders: { partition_key: { name: id }, indexes: { by_customer: { partition_key: { name: customer } } } } }
  state_machines:
    approvals: { definition: { StartAt: Done, States: { Done: { Type: Pass, End: true } } } }
    checkout: { type: EXPRESS, definition: { StartAt: Done, States: { Done: { Type: Pass, End: true } } } }
  event_buses: { orders: {} }
  streams: { clicks: {} }
  delivery_streams: { events: { bucket: uploads } }
";

services![
    s3,
    sns,
    sqs,
    rekognition,
    dynamodb,
    stepfunctions,
    eventbridge,
    kinesis,
    firehose,
    bedrock
];
