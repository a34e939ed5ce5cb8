//! Every diagnostic code, defined once: its stable id, a title, and what to do about it.
//!
//! Users and tests match on the ids; never reuse a retired one. `GW01xx`: reading a blueprint.
//! `GW02xx`: meaning of a blueprint or builder call. `GW030x`: synth and `validate` reading
//! documents. `GW031x`: documents against the official schemas. `GW032x`-`GW035x`: semantic
//! lints. `GW05xx`: `simulate` and template tests. `GW09xx`: the command line and the file system. `TF0xx`: Terraform JSON against a
//! provider schema. The README's table of codes is generated from [`TABLE`] (`gatewright codes
//! --markdown`) and a test keeps the two equal.

/// One diagnostic code as users see it documented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// Stable id (`GW0101`).
    pub id: &'static str,
    /// What the finding means, in a few words.
    pub title: &'static str,
    /// What to do about it, in general (each diagnostic adds help of its own).
    pub help: &'static str,
}

/// Defines each code's constant and its row in [`TABLE`] from one line.
macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = $id:literal, $title:literal, $help:literal;)*) => {
        $($(#[$doc])* pub const $name: &str = $id;)*
        /// Every code, in id order.
        pub const TABLE: &[Code] = &[$(Code { id: $id, title: $title, help: $help }),*];
    };
}

codes! {
    /// The blueprint is not valid YAML.
    YAML_SYNTAX = "GW0101", "the blueprint is not valid YAML",
        "fix the YAML at the position shown (indentation, quotes, a missing `:`)";
    /// A key, value or type in the blueprint does not fit the blueprint format.
    BLUEPRINT_SHAPE = "GW0102", "a key, value or type does not fit the blueprint format",
        "use a key or value the blueprint format knows (`gatewright schema` prints it); the message suggests the nearest";
    /// The same key twice in one mapping (routes, maps of headers, ...).
    DUPLICATE_KEY = "GW0103", "the same key twice in one mapping",
        "keep one of the two keys";
    /// The blueprint could not be read (missing file, not UTF-8, too large, over a safety limit).
    BLUEPRINT_READ = "GW0104", "the blueprint cannot be read or exceeds a safety limit",
        "give a UTF-8 YAML file under 8 MiB with at most 20,000 routes and 20,000 resources; split larger APIs";
    /// A route key is not `METHOD /path`.
    ROUTE_KEY = "GW0201", "a route key is not `METHOD /path`",
        "write the route as `GET /items/{id}` with an HTTP method or ANY";
    /// A path is not a valid API Gateway resource path.
    PATH = "GW0202", "a path is not a valid API Gateway resource path",
        "use `/`-separated parts of letters, digits and `-._~`, or `{name}` / a last `{name+}`";
    /// The same method and path twice.
    DUPLICATE_ROUTE = "GW0203", "the same method and path twice",
        "keep one of the two routes (`/a` and `/a/` are the same path)";
    /// A route names no operation, more than one, or one gatewright does not know.
    OPERATION = "GW0204", "a route names no operation, several, or an unknown one",
        "give each route exactly one operation such as `s3.get_object`; the message suggests the nearest";
    /// An operation argument refers to a path parameter the route does not have.
    UNKNOWN_PATH_PARAM = "GW0205", "an argument names a path parameter the route does not have",
        "add the `{parameter}` to the route's path, or name one it has";
    /// An operation argument has a value the service does not accept.
    ARGUMENT = "GW0206", "an argument value the service does not accept",
        "change the argument as the message says";
    /// An integration mapping names a method request parameter the method does not declare.
    UNDECLARED_PARAM = "GW0207", "a mapping names a method parameter the method does not declare",
        "declare the parameter on the method, or map from one it has";
    /// A mapping expression is not one API Gateway understands.
    MAPPING = "GW0208", "a mapping expression API Gateway does not understand",
        "write `method.request.{path|querystring|header}.NAME`, `context.*`, `stageVariables.*` or a quoted literal";
    /// An API-level or route setting (name, stage, media type, timeout, responses) is out of range.
    SETTING = "GW0209", "an API or route setting is out of range",
        "change the setting as the message says (stage name, timeout, media type, responses, models)";
    /// A route override the operation would ignore or that contradicts it (an
    /// `integration_parameters` entry for a path variable the URI lacks or the operation fills).
    OVERRIDE = "GW0210", "a route override has no effect, or contradicts its operation",
        "remove the override, or change the operation's own argument as the help says";
    /// A `${...}` reference names nothing gatewright knows, or cannot go where it is written.
    REFERENCE = "GW0215", "a `${...}` reference names nothing known, or cannot go where it is written",
        "write `${AWS::AccountId}` (Region, Partition, URLSuffix), `${<owned name>.<attribute>}`, or `$${` for a literal `${`";
    /// An OpenAPI document keeps values only a deployment knows.
    OPENAPI_PLACEHOLDER = "GW0216", "an OpenAPI document keeps placeholders `import-rest-api` would take as text",
        "give the values under `env:` (region, account_id, execution_role_arn, resources), or deploy with CloudFormation or Terraform";
    /// The execution role's grants do not fit the policies IAM allows one role.
    ROLE_POLICY_SIZE = "GW0217", "the execution roles' grants do not fit IAM's policy quotas",
        "give routes fewer distinct resources (a path parameter instead of one route per S3 key), or raise the IAM quota of managed policies per role; an API whose grants need more than one execution role cannot use one existing role from `env.execution_role_arn` (remove it so that the outputs create the roles)";
    /// A generated document failed a check before writing.
    OUTPUT_CHECK = "GW0301", "a generated document fails a check, so synth writes nothing",
        "the finding names the blueprint feature that causes it; change the blueprint, or report a gatewright defect";
    /// A file in the output folder differs from what the blueprints generate.
    DRIFT = "GW0302", "a file in the output folder differs from what the blueprints generate",
        "run `gatewright synth` and commit the output with the blueprint";
    /// The file cannot be read as a text document: an I/O error, an empty file, bytes that are
    /// not UTF-8, or a NUL byte.
    UNREADABLE = "GW0303", "the document cannot be read as text (empty, not UTF-8, NUL byte)",
        "give a UTF-8 JSON or YAML file";
    /// The document is none of the formats `validate` knows (CloudFormation, OpenAPI 3.0,
    /// Swagger 2.0, Terraform JSON), or holds no data at all.
    UNKNOWN_FORMAT = "GW0304", "the document is none of the formats `validate` knows",
        "give a CloudFormation template, an OpenAPI 3.0 or Swagger 2.0 document, or Terraform JSON";
    /// The text is not valid JSON or YAML, or a YAML file holds more than one document.
    SYNTAX = "GW0305", "the document is not valid JSON or YAML, or holds several YAML documents",
        "fix the syntax at the position shown; keep one document per file";
    /// A version of a known format that API Gateway does not import (OpenAPI 3.1, Swagger 1.x).
    UNSUPPORTED_VERSION = "GW0306", "a format version API Gateway does not import",
        "write OpenAPI 3.0.x or Swagger 2.0";
    /// The same key twice in one JSON object or YAML mapping of a document.
    DOCUMENT_DUPLICATE_KEY = "GW0307", "the same key twice in one object of a document",
        "keep one of the two keys; parsers disagree on which one wins";
    /// A limit that protects against hostile input: a file above 16 MiB, deep nesting, or YAML
    /// aliases that expand to too many nodes.
    LIMIT = "GW0308", "the document exceeds a safety limit (size, nesting, alias expansion)",
        "give a smaller document; CloudFormation itself stops at 1 MB";
    /// A YAML tag that is not a CloudFormation short form (`!Ref`, `!GetAtt`, `!Sub`, ...), or a
    /// short form with the wrong shape (`!GetAtt` without `Resource.Attribute`).
    TAG = "GW0309", "a YAML tag that is not a CloudFormation short form, or a short form of the wrong shape",
        "use `!Ref`, `!GetAtt Resource.Attribute`, `!Sub` and the other short forms CloudFormation knows";
    /// A resource's `Properties` do not fit the CloudFormation resource provider schema of its
    /// type: wrong type, unknown or missing property, value out of range or not in the enum.
    CFN_PROPERTIES = "GW0310", "resource properties do not fit the CloudFormation provider schema",
        "change the property as the message says; the schema is AWS's own for the resource type";
    /// The template's own structure is wrong: not an object, an unknown top-level section, no
    /// `Resources`, a resource without a `Type` string, an unknown resource attribute.
    CFN_TEMPLATE = "GW0311", "the template's structure is wrong",
        "give a template with `Resources` whose entries have a `Type` and known attributes";
    /// A resource sets a property its provider schema marks read-only (an attribute
    /// CloudFormation computes, such as `RootResourceId`); CloudFormation rejects the template.
    CFN_READ_ONLY = "GW0312", "a resource sets a read-only property",
        "remove the property; read it with `Fn::GetAtt` instead";
    /// An OpenAPI 3.0 or Swagger 2.0 document does not fit the official schema of its version.
    OPENAPI_SCHEMA = "GW0313", "the document does not fit the official OpenAPI or Swagger schema",
        "change the document as the message says";
    /// An `x-amazon-apigateway-*` extension is unknown, misplaced, or its value does not fit
    /// gatewright's schema of the API Gateway extensions.
    APIGATEWAY_EXTENSION = "GW0314", "an `x-amazon-apigateway-*` extension is unknown, misplaced or malformed",
        "write the extension as API Gateway documents it (`schemas/x-amazon-apigateway.schema.json`)";
    /// A note: a resource of an `AWS::` type gatewright has no provider schema for; its
    /// properties were not checked.
    CFN_UNCHECKED_TYPE = "GW0315", "a resource type gatewright has no provider schema for (not checked)",
        "nothing to do; run cfn-lint for such types";
    /// A resource type CloudFormation does not have, close to one it has (a misspelling).
    CFN_UNKNOWN_TYPE = "GW0316", "a resource type CloudFormation does not have",
        "use the type the message suggests; the list is CloudFormation's registry of resource types";
    /// A YAML anchor or alias: CloudFormation refuses templates that use them.
    YAML_ALIAS = "GW0317", "a YAML anchor or alias, which CloudFormation refuses",
        "write the repeated value out in full; CloudFormation does not accept anchors (`&a`) or aliases (`*a`)";
    /// An embedded schema failed to compile: a bug in gatewright, not in the document.
    SCHEMA_INTERNAL = "GW0319", "an embedded schema failed to compile (a gatewright defect)",
        "report it with the gatewright version";
    /// An AWS or AWS_PROXY integration URI is not `arn:{partition}:apigateway:{region}:{service}:{action/Name|path/...}`.
    INTEGRATION_URI = "GW0320", "an AWS integration URI is malformed",
        "write `arn:aws:apigateway:{region}:{service}:action/{Action}` or `...:path/{path}`";
    /// Integration credentials do not resolve to an IAM role ARN (`Ref` of a role gives its name).
    CREDENTIALS = "GW0321", "integration credentials are not an IAM role ARN",
        "use the role's ARN (`Fn::GetAtt Role.Arn`), not its name";
    /// An AWS integration to a service other than Lambda has no credentials to sign the call with.
    CREDENTIALS_MISSING = "GW0322", "an AWS integration has no credentials",
        "give the integration a role API Gateway may assume";
    /// An integration request mapping names a `method.request.*` parameter the method does not declare.
    UNDECLARED_PARAMETER = "GW0323", "an integration mapping names an undeclared method parameter",
        "declare the parameter in the method's request parameters";
    /// A path parameter of the route (`{x}` or `{x+}`) is not declared as `method.request.path.x`.
    UNDECLARED_PATH_PARAMETER = "GW0324", "a path parameter is not declared on the method",
        "declare `method.request.path.NAME` as required";
    /// A parameter mapping's target or source is not an expression API Gateway understands.
    MAPPING_EXPRESSION = "GW0325", "a parameter mapping expression API Gateway does not understand",
        "write a `method.request.*`, `integration.response.*`, `context.*` or quoted literal expression";
    /// An integration response selection pattern is not a valid Java regular expression.
    SELECTION_PATTERN = "GW0326", "a selection pattern is not a valid Java regular expression",
        "fix the pattern; API Gateway compiles it with java.util.regex";
    /// A selection pattern such as `4xx` is a valid regex that never matches an HTTP status code.
    SELECTION_PATTERN_STATUS = "GW0327", "a selection pattern never matches a status code",
        "write `4\\d{2}` rather than `4xx`";
    /// Two integration responses of one method share a status code or a selection pattern.
    DUPLICATE_INTEGRATION_RESPONSE = "GW0328", "two integration responses share a status or a pattern",
        "keep one selection pattern per integration response";
    /// Integration timeout outside 50..29,000 ms (below: error; above: needs a quota increase).
    TIMEOUT = "GW0329", "an integration timeout outside 50 to 29,000 ms",
        "use 50 to 29,000 ms, or request a quota increase for longer (regional and private APIs)";
    /// `CONVERT_TO_BINARY` (warning) or `CONVERT_TO_TEXT` (note) on an API without binary media types.
    CONTENT_HANDLING = "GW0330", "content handling on an API without binary media types",
        "add `binary_media_types`, or drop the content handling";
    /// A binary upload passed through to S3 on an API without binary media types is sent as text.
    BINARY_PASSTHROUGH = "GW0331", "a binary upload would be sent as text",
        "add the upload's media types to `binary_media_types`";
    /// An integration response's status code has no method response.
    METHOD_RESPONSE_MISSING = "GW0332", "an integration response selects a status with no method response",
        "declare the status as a method response";
    /// An integration response maps a `method.response.header.*` the method response does not declare.
    RESPONSE_HEADER_UNDECLARED = "GW0333", "a response header mapping names an undeclared header",
        "declare the header on the method response";
    /// A CloudFormation logical id is not alphanumeric or is longer than 255 characters.
    LOGICAL_ID = "GW0334", "a CloudFormation logical id is not alphanumeric or too long",
        "use letters and digits only, at most 255";
    /// The same CloudFormation logical id is both a parameter and a resource.
    DUPLICATE_LOGICAL_ID = "GW0335", "a logical id is both a parameter and a resource",
        "rename one of them";
    /// A Terraform block name is not a valid identifier.
    TERRAFORM_NAME = "GW0336", "a Terraform block name is not a valid identifier",
        "start with a letter or `_`, then letters, digits, `_` and `-`";
    /// The same Terraform resource or data source name twice for one type.
    DUPLICATE_TERRAFORM_NAME = "GW0337", "the same Terraform name twice for one type",
        "rename one of them";
    /// The same OpenAPI `operationId` on two operations.
    DUPLICATE_OPERATION_ID = "GW0338", "the same `operationId` on two operations",
        "give each operation its own `operationId`";
    /// An IAM policy allows a wildcard action (`*`, `s3:*`, `s3:Get*`).
    IAM_WILDCARD_ACTION = "GW0339", "an IAM policy allows a wildcard action",
        "name the exact actions the integration calls";
    /// An IAM policy allows `Resource: "*"` for actions that support resource-level permissions.
    IAM_WILDCARD_RESOURCE = "GW0340", "an IAM policy allows every resource where a narrower ARN exists",
        "name the exact resource ARNs";
    /// An IAM policy given as a JSON string does not parse.
    IAM_POLICY_JSON = "GW0341", "an IAM policy given as a JSON string does not parse",
        "fix the JSON, or give the policy as an object";
    /// Routes that upload a body are capped at 10 MB by API Gateway (one note per API).
    PAYLOAD_LIMIT = "GW0342", "uploads through API Gateway are capped at 10 MB",
        "use presigned URLs or CloudFront for larger files";
    /// A Deployment does not depend on every method of its API and may be created before them.
    DEPLOYMENT_DEPENDS_ON = "GW0343", "a Deployment does not depend on every method",
        "add every method to the Deployment's `DependsOn`";
    /// A Stage uses a Deployment whose logical id never changes, so API changes are not redeployed.
    DEPLOYMENT_STATIC = "GW0344", "a Deployment is never re-created when the API changes",
        "derive the Deployment's logical id (or Terraform triggers) from the API's content";
    /// A resource path part has characters API Gateway refuses.
    PATH_PART = "GW0345", "a path part has characters API Gateway refuses",
        "use letters, digits and `-._~`, or `{name}`";
    /// A greedy path variable (`{proxy+}`) is not the last part of the path.
    GREEDY_PATH = "GW0346", "a greedy path variable is not the last part",
        "put `{name+}` last";
    /// Two sibling resources are different path variables (`/{id}` and `/{name}`).
    SIBLING_PATH_VARIABLES = "GW0347", "two sibling resources are different path variables",
        "use one variable name at each level";
    /// Two resources with the same path, or two methods with the same path and HTTP method.
    LINT_DUPLICATE_ROUTE = "GW0348", "two resources or methods with the same path and method",
        "keep one of them";
    /// More resources than CloudFormation allows in one stack (500).
    STACK_RESOURCES = "GW0349", "more resources than a CloudFormation stack allows (500)",
        "split the API across stacks, or deploy it with Terraform or an OpenAPI import";
    /// A template larger than CloudFormation accepts (1 MB).
    TEMPLATE_SIZE = "GW0350", "a template larger than CloudFormation accepts (1 MB)",
        "split the API across stacks, or deploy it with Terraform or an OpenAPI import";
    /// A template too large to pass inline (51,200 bytes): deploy it through S3.
    PAYLOAD_QUOTA_NOTE = "GW0351", "a template too large to pass inline (51,200 bytes)",
        "upload the template to S3 (`aws cloudformation deploy --s3-bucket`)";
    /// More resources than API Gateway allows per REST API by default (300).
    API_RESOURCES = "GW0352", "more resources than API Gateway allows per API by default (300)",
        "request a quota increase, or split the API";
    /// A template `Description` longer than CloudFormation accepts.
    TEMPLATE_DESCRIPTION = "GW0353", "a template description longer than CloudFormation accepts (1,024 bytes)",
        "shorten the template's `Description`; CloudFormation refuses the whole template otherwise";
    /// A `Ref`, `Fn::GetAtt`, `Fn::Sub` variable, `DependsOn` or condition names nothing the
    /// template declares.
    CFN_REFERENCE = "GW0354", "a reference to a resource, parameter or condition the template does not declare",
        "declare it, or name one that is declared (the message suggests the nearest); `${!Name}` is literal text in Fn::Sub";
    /// A `Ref` or `Fn::Sub` names an `AWS::` pseudo parameter that does not exist.
    CFN_PSEUDO_PARAMETER = "GW0355", "an `AWS::` pseudo parameter CloudFormation does not define",
        "use one of AWS::AccountId, AWS::NotificationARNs, AWS::NoValue, AWS::Partition, AWS::Region, AWS::StackId, AWS::StackName, AWS::URLSuffix";
    /// Resources depend on each other in a circle.
    CFN_CYCLE = "GW0356", "resources depend on each other in a circle",
        "remove one link of the circle the message names (a Ref, Fn::GetAtt, Fn::Sub or DependsOn)";
    /// More outputs, parameters or mappings than one template may have.
    CFN_SECTION_QUOTA = "GW0357", "more outputs, parameters or mappings than a template may have",
        "split the template (nested stacks), or merge entries";
    /// A `$ref` in an OpenAPI document names nothing, or only itself.
    OPENAPI_REF = "GW0358", "a `$ref` that names nothing in the document, or only itself",
        "point the `$ref` at a definition the document has (`#/components/schemas/Name` or `#/definitions/Name`)";
    /// An OpenAPI document (alone, or a RestApi's body) larger than API Gateway imports.
    BODY_SIZE = "GW0359", "an OpenAPI document larger than API Gateway imports (6 MB)",
        "split the API across several REST APIs (each under 6 MB), or deploy it in the resources shape";
    /// An IAM policy larger than IAM accepts.
    POLICY_SIZE = "GW0360", "an IAM policy larger than IAM accepts (10,240 characters inline per role, 6,144 managed)",
        "spread the statements over customer-managed policies, or grant fewer distinct resources";
    /// The request given to `simulate` (or a template test) cannot be read.
    SIMULATE_REQUEST = "GW0501", "the request to simulate is not understood",
        "write it as 'METHOD /path?query', headers as `-H 'Name: value'`, the body as text or `@FILE`";
    /// A mapping template uses something the template engine does not run, or is malformed.
    TEMPLATE_UNSUPPORTED = "GW0502", "a mapping template uses something the engine does not run, or is not well formed",
        "rewrite the template with the constructs API Gateway documents (the message names the one at fault)";
    /// A template test's expectation is not met.
    TEMPLATE_TEST_FAILED = "GW0503", "a template test's expectation is not met",
        "fix the template or the expectation; the message shows what was expected and what came";
    /// A template tests file does not fit its format.
    TEMPLATE_TESTS_FILE = "GW0504", "a template tests file does not fit its format",
        "see the README's `gatewright test` section; `gatewright schema --tests` prints the format";
    /// A route of a blueprint has no template test.
    ROUTE_UNTESTED = "GW0505", "a route has no template test",
        "add a test for the route to the blueprint's `.tests.yaml` file";
    /// `import` read something the blueprint format cannot say, or says only in part.
    IMPORT_UNREPRESENTABLE = "GW0601", "an imported document holds something a blueprint cannot represent",
        "read the message for what was left out or changed; write it by hand in the blueprint if gatewright can express it, or keep managing it outside gatewright (`--strict` refuses such documents)";
    /// `import` found a template placeholder (Terraform's `${name}`, `{region}` in a host).
    IMPORT_PLACEHOLDER = "GW0602", "an imported document holds a placeholder of another tool",
        "fill the placeholder with a concrete value, or replace it by a blueprint reference (`${AWS::Region}`, `${queue.arn}`) in the imported blueprint";
    /// `import` cannot read the document at all (an HTTP API, a CloudFormation template).
    IMPORT_REFUSED = "GW0603", "the document is not a REST API definition `import` reads",
        "give an OpenAPI 3.0 or Swagger 2.0 document of a REST API with `x-amazon-apigateway-integration` extensions (`aws apigateway get-export --extensions integrations`)";
    /// `import` typed credentials it cannot turn into grants.
    IMPORT_GRANTS = "GW0604", "an imported integration's permissions are not known exactly",
        "check the `iam` of the route: gatewright derived the action from the integration, and the resource could not be read from the document";
    /// A file or folder could not be read or written.
    IO = "GW0901", "a file or folder could not be read or written",
        "check the path and its permissions";
    /// The output folder holds a folder no blueprint produces, or a staging folder a killed
    /// synth left.
    ORPHAN_OUTPUT = "GW0902", "the output folder holds a folder no blueprint produces",
        "delete it, or restore the blueprint that produced it";
    /// `validate` was given folders holding no document at all.
    NO_DOCUMENTS = "GW0904", "no document to check in the files and folders given",
        "name files, or folders holding `.json`, `.yaml` or `.yml` documents";
    /// A side of `gatewright diff` is not something it compares.
    DIFF_SIDE = "GW0905", "a side of `diff` is neither a blueprint, an OpenAPI document nor a CloudFormation template",
        "name a blueprint, an OpenAPI 3.0 or Swagger 2.0 document, a CloudFormation template, or REV:PATH of one of them";
    /// The provider schema cannot be read: bad JSON, wrong layout or an unknown type.
    TF000 = "TF000", "the Terraform provider schema cannot be read",
        "give the output of `terraform providers schema -json`";
    /// Resource or data source type missing from the schema of its provider, which is loaded.
    TF001 = "TF001", "a resource or data source type the provider does not have",
        "check the type's name and the provider version";
    /// Warning: no schema is loaded for the type's provider, so its body was not checked.
    TF002 = "TF002", "no schema loaded for the type's provider (not checked)",
        "pass a provider schema holding it with `--terraform-schema`";
    /// Name that is not a valid Terraform identifier, or declared twice.
    TF003 = "TF003", "a name that is not a valid Terraform identifier, or declared twice",
        "use a letter or `_` first, then letters, digits, `_` and `-`, once per type";
    /// Argument, block or key that the schema (or Terraform's own syntax) does not define.
    TF004 = "TF004", "an argument, block or key the schema does not define",
        "remove it or use the name the message suggests";
    /// Required argument missing or null (including an output's `value`).
    TF005 = "TF005", "a required argument is missing or null",
        "set the argument";
    /// Fewer nested blocks than the schema's `min_items`.
    TF006 = "TF006", "fewer nested blocks than the schema requires",
        "add the missing blocks";
    /// More nested blocks than the schema's `max_items` (or two for a single block).
    TF007 = "TF007", "more nested blocks than the schema allows",
        "keep at most the number the schema allows";
    /// Computed-only (read-only) attribute set in configuration.
    TF008 = "TF008", "a computed-only attribute is set",
        "remove it; Terraform computes it";
    /// Warning: deprecated attribute or block used.
    TF009 = "TF009", "a deprecated attribute or block",
        "use what the provider documents in its place";
    /// Value whose JSON type cannot convert to the argument's type.
    TF010 = "TF010", "a value of the wrong type for its argument",
        "give a value of the argument's type";
    /// Reference to something not declared, or to an attribute its resource does not have.
    TF011 = "TF011", "a reference to something not declared",
        "declare it, or fix the reference";
    /// Unknown top-level key.
    TF012 = "TF012", "an unknown top-level key",
        "use `resource`, `data`, `variable`, `output`, `locals`, `provider`, `terraform` or `module`";
    /// Wrong JSON shape for a block (a body that is not an object, a block that is a string).
    TF013 = "TF013", "a block of the wrong JSON shape",
        "write blocks as objects (or arrays of objects)";
    /// Malformed expression: unterminated `${`, or not a bare reference where one is required.
    TF014 = "TF014", "a malformed expression",
        "close every `${`, and use a bare reference where Terraform requires one";
    /// Note: types outside the provider schema gatewright carries were not checked.
    TF015 = "TF015", "types outside the provider schema gatewright carries (not checked)",
        "pass a full schema with `--terraform-schema` (`terraform providers schema -json`) to check them";
    /// Resources and data sources depend on each other in a circle.
    TF016 = "TF016", "resources or data sources depend on each other in a circle",
        "remove one link of the cycle the message names (a reference or a `depends_on` entry)";
}

/// The row of `id`, if it is a code gatewright reports.
pub fn find(id: &str) -> Option<&'static Code> {
    TABLE.iter().find(|c| c.id.eq_ignore_ascii_case(id))
}

/// The table as Markdown, one row a code; the README holds exactly this text.
pub fn markdown() -> String {
    let mut s = String::from("| code | meaning | what to do |\n|---|---|---|\n");
    for c in TABLE {
        s.push_str(&format!(
            "| {} | {} | {} |\n",
            c.id,
            c.title.replace('|', "\\|"),
            c.help.replace('|', "\\|")
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_sorted_and_well_formed() {
        for pair in TABLE.windows(2) {
            assert!(
                pair[0].id < pair[1].id,
                "{} before {}",
                pair[0].id,
                pair[1].id
            );
        }
        for c in TABLE {
            let ok = (c.id.starts_with("GW") && c.id.len() == 6
                || c.id.starts_with("TF") && c.id.len() == 5)
                && c.id[2..].chars().all(|d| d.is_ascii_digit());
            assert!(ok, "{}", c.id);
            assert!(!c.title.is_empty() && !c.help.is_empty(), "{}", c.id);
        }
    }

    #[test]
    fn find_is_case_insensitive() {
        assert_eq!(find("gw0101").map(|c| c.id), Some(YAML_SYNTAX));
        assert!(find("GW9999").is_none());
    }
}
