//! The 10 MB payload cap: one note per API listing the routes that send a request body to an
//! AWS service, so a reader plans presigned URLs or CloudFront for larger files.

use super::view::ApiView;
use super::{PAYLOAD_LIMIT, Sink};

pub(super) fn check(api: &ApiView, sink: &mut Sink) {
    let routes: Vec<String> = api
        .methods
        .iter()
        .filter(|m| matches!(m.http_method.as_deref(), Some("PUT" | "POST" | "PATCH")))
        .filter(|m| m.integration.as_ref().is_some_and(|i| i.is_aws()))
        .map(|m| m.route())
        .collect();
    if routes.is_empty() {
        return;
    }
    sink.note(
        PAYLOAD_LIMIT,
        &api.pointer,
        format!(
            "API Gateway caps request payloads at 10 MB; {} of {} accept{} an upload: {}",
            if routes.len() == 1 {
                "this route"
            } else {
                "these routes"
            },
            api.name,
            if routes.len() == 1 { "s" } else { "" },
            routes.join(", ")
        ),
        "for larger files hand out S3 presigned URLs, or upload through CloudFront",
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::Severity;
    use crate::validate::Format;
    use serde_json::json;

    #[test]
    fn one_note_per_api_for_upload_routes() {
        assert!(only(Format::CloudFormation, &cfn(|_| {}), PAYLOAD_LIMIT).is_empty());
        let doc = cfn(|d| {
            let get = at(d, "/Resources/Get").clone();
            let mut put = get.clone();
            put["Properties"]["HttpMethod"] = json!("PUT");
            let mut post = get;
            post["Properties"]["HttpMethod"] = json!("POST");
            let r = at(d, "/Resources").as_object_mut().unwrap();
            r.insert("Put".into(), put);
            r.insert("Post".into(), post);
        });
        let found = only(Format::CloudFormation, &doc, PAYLOAD_LIMIT);
        assert_eq!(found, vec![("/Resources/Api".to_string(), Severity::Note)]);
        let msg = &super::super::check(Format::CloudFormation, &doc, "t")
            .into_iter()
            .find(|d| d.code == PAYLOAD_LIMIT)
            .unwrap()
            .message;
        assert!(msg.contains("PUT /{folder}, POST /{folder}"), "{msg}");
    }
}
