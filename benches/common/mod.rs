//! What the benches share: the blueprint of CDK's API Gateway scale test.

use std::fmt::Write as _;

/// Which S3 object the routes of the scale-test blueprint read and write.
#[allow(dead_code)]
pub enum Keys {
    /// `p{i}.json` for path `/p{i}`: one grant per route, as a real API has.
    PerPath,
    /// `data.json` for every route: one grant for the whole API.
    Shared,
}

/// The scale-test blueprint named `api`: `paths` sibling paths `/p{i}`, each with a GET and a
/// PUT of an S3 object (`2 * paths` methods, one API Gateway resource per path).
pub fn scale_blueprint(api: &str, paths: usize, keys: Keys) -> String {
    let mut s = format!(
        "# CDK scale-test shape: {paths} sibling paths, GET and PUT to S3 each.\napi: {api}\ndescription: Scale test with {paths} paths\nauth: aws_iam\nstage: bench\nroutes:\n"
    );
    for i in 0..paths {
        let key = match keys {
            Keys::PerPath => format!("p{i}.json"),
            Keys::Shared => "data.json".to_string(),
        };
        let _ = write!(
            s,
            "  GET /p{i}:\n    s3.get_object: {{ bucket: gw-bench-data, key: {key} }}\n  PUT /p{i}:\n    s3.put_object: {{ bucket: gw-bench-data, key: {key} }}\n"
        );
    }
    s
}
