//! The format-neutral model: one REST API, its methods and integrations, the execution role
//! derived from them, and the stage. Emitters only project it.

pub mod api;
pub mod auth;
pub mod builder;
pub mod check;
pub mod cors;
pub mod function;
pub mod gateway;
pub mod hash;
pub mod iam;
pub mod integration;
pub mod invoke;
pub mod mapping;
pub mod memo;
pub mod method;
pub mod names;
pub mod operation_ids;
pub mod owned;
pub mod path;
pub mod policy;
pub mod policy_size;
pub mod policy_tally;
pub mod reference;
pub mod role_groups;
pub mod scan;
pub mod shape;
pub mod stage;
pub mod text;
pub mod vec_map;

pub use api::{EndpointType, Env, RestApi, Stage};
pub use auth::{
    Authorizer, AuthorizerKind, MethodThrottle, Quota, ResourcePolicy, Throttle, UsagePlan,
};
pub use builder::{OpError, Operation, RestApiBuilder};
pub use check::{Finding, MethodPart, Subject};
pub use cors::Cors;
pub use function::{Function, LogGroup};
pub use gateway::GatewayResponse;
pub use iam::{Permission, Statement};
pub use integration::{
    ContentHandling, Integration, IntegrationParam, IntegrationResponse, Passthrough,
    RequestSource, ResponseSource, Target,
};
pub use invoke::{InvokePermission, Invoked, Invoker};
pub use method::{
    Authorization, HttpMethod, Method, MethodResponse, MethodSettings, ParamIn, RequestParam,
    Validation,
};
pub use owned::{
    Attr, Bucket, DeliveryStream, Owned, OwnedKind, Queue, ResourceRef, Stream, Table, Topic,
    UploadDistribution,
};
pub use path::{ApiPath, Segment};
pub use policy::{PolicyDocument, Role};
pub use shape::Shape;
pub use stage::{AccessLog, LoggingLevel, MethodCache, MethodTuning, RouteTuning, StageSettings};
pub use text::{Generated, Part, Pseudo, Text};
pub use vec_map::VecMap;
