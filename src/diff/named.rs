//! Owned queues, topics and buckets a template names itself (`QueueName: orders`): a method
//! that refers to one (`${QueueOrders.QueueName}`, `${TopicEvents}`) means the same as an
//! OpenAPI document that writes the name, or the ARN, URL or domain built from it, so both
//! read alike.

use serde_json::{Map, Value};

/// For each resource a template names literally, what each of its references stands for:
/// (`${QueueOrders.QueueName}`, `orders`), (`${QueueOrders.Arn}`, `arn:...:orders`), ...
fn meanings(resources: &Map<String, Value>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (id, r) in resources {
        let ty = r.get("Type").and_then(Value::as_str).unwrap_or("");
        let prop = |k: &str| {
            r.pointer(&format!("/Properties/{k}"))
                .and_then(Value::as_str)
        };
        let arn = |service: &str, n: &str| {
            format!("arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}:{n}")
        };
        match ty {
            "AWS::SQS::Queue" => {
                let Some(n) = prop("QueueName") else { continue };
                out.push((format!("${{{id}.QueueName}}"), n.to_string()));
                out.push((format!("${{{id}.Arn}}"), arn("sqs", n)));
                out.push((
                    format!("${{{id}}}"),
                    format!(
                        "https://sqs.${{AWS::Region}}.${{AWS::URLSuffix}}/${{AWS::AccountId}}/{n}"
                    ),
                ));
            }
            "AWS::SNS::Topic" => {
                let Some(n) = prop("TopicName") else { continue };
                out.push((format!("${{{id}.TopicName}}"), n.to_string()));
                out.push((format!("${{{id}}}"), arn("sns", n)));
            }
            "AWS::S3::Bucket" => {
                let Some(n) = prop("BucketName") else {
                    continue;
                };
                out.push((
                    format!("${{{id}.Arn}}"),
                    format!("arn:${{AWS::Partition}}:s3:::{n}"),
                ));
                out.push((
                    format!("${{{id}.RegionalDomainName}}"),
                    format!("{n}.s3.${{AWS::Region}}.${{AWS::URLSuffix}}"),
                ));
                out.push((format!("${{{id}}}"), n.to_string()));
            }
            _ => {}
        }
    }
    out
}

/// `resources` with every method's references to literally named resources written as the
/// names, ARNs and URLs they stand for (other resources as they are).
pub fn resolve(resources: &Map<String, Value>) -> Map<String, Value> {
    let meanings = meanings(resources);
    if meanings.is_empty() {
        return resources.clone();
    }
    resources
        .iter()
        .map(|(id, r)| {
            let method = r.get("Type").and_then(Value::as_str) == Some("AWS::ApiGateway::Method");
            let r = if method {
                rewrite(r, &meanings)
            } else {
                r.clone()
            };
            (id.clone(), r)
        })
        .collect()
}

fn rewrite(v: &Value, meanings: &[(String, String)]) -> Value {
    match v {
        Value::String(s) => {
            let mut s = s.clone();
            for (from, to) in meanings {
                s = s.replace(from, to);
            }
            Value::String(s)
        }
        Value::Array(a) => Value::Array(a.iter().map(|v| rewrite(v, meanings)).collect()),
        Value::Object(m) => {
            // A `Ref` or `Fn::GetAtt` of a named resource is its meaning; other references
            // (the API, its resources) stay as they are for the reader.
            let reference = m.len() == 1 && (m.contains_key("Ref") || m.contains_key("Fn::GetAtt"));
            if reference {
                let text = super::plain::text(v);
                if let Some((_, to)) = meanings.iter().find(|(from, _)| *from == text) {
                    return Value::String(to.clone());
                }
                return v.clone();
            }
            Value::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), rewrite(v, meanings)))
                    .collect(),
            )
        }
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_method_refers_to_a_named_queue_by_its_name() {
        let resources = json!({
            "QueueJobs": { "Type": "AWS::SQS::Queue", "Properties": { "QueueName": "jobs" } },
            "QueueFree": { "Type": "AWS::SQS::Queue", "Properties": {} },
            "M": { "Type": "AWS::ApiGateway::Method", "Properties": {
                "ResourceId": { "Ref": "R" },
                "Uri": { "Fn::Sub": "path/${AWS::AccountId}/${QueueJobs.QueueName}" },
                "Named": { "Fn::GetAtt": ["QueueJobs", "Arn"] },
                "Free": { "Fn::GetAtt": ["QueueFree", "Arn"] },
            } },
            "P": { "Type": "AWS::SQS::QueuePolicy", "Properties": { "Queues": [{ "Ref": "QueueJobs" }] } },
        });
        let r = resolve(resources.as_object().unwrap());
        let p = &r["M"]["Properties"];
        assert_eq!(p["ResourceId"], json!({ "Ref": "R" }));
        assert_eq!(
            p["Uri"],
            json!({ "Fn::Sub": "path/${AWS::AccountId}/jobs" })
        );
        assert_eq!(
            p["Named"],
            "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:jobs"
        );
        assert_eq!(p["Free"], json!({ "Fn::GetAtt": ["QueueFree", "Arn"] }));
        assert_eq!(r["P"], resources["P"]);
    }
}
