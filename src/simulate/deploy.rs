//! Deploy-time values inside mapping templates. CloudFormation and Terraform put the real
//! value (a queue URL) into the template before API Gateway runs it; offline it is only a
//! placeholder such as `${QueueJobs.QueueUrl}`, which the template language would read as a
//! reference. Each one is swapped for a marker the engine passes through unchanged, and the
//! placeholder (or the blueprint's `env` value) put back afterwards, also where the template
//! URL-encoded or escaped it.

use crate::emit::openapi::values;
use crate::model::{Env, Part, Text};
use crate::vtl::{escape_javascript, url_encode};

/// A template's text with markers, and what each marker stands for.
pub struct Marked {
    /// The template to run.
    pub text: String,
    marks: Vec<(String, String)>,
}

/// Marks the deploy-time values of `t`.
pub fn mark(env: &Env, t: &Text) -> Marked {
    let mut text = String::new();
    let mut marks = Vec::new();
    for p in &t.0 {
        match p {
            Part::Lit(s) => text.push_str(s),
            other => {
                let marker = format!("\u{E000}{}\u{E001}", marks.len());
                let value = values::render(env, &Text(vec![other.clone()]));
                text.push_str(&marker);
                marks.push((marker, value));
            }
        }
    }
    Marked { text, marks }
}

impl Marked {
    /// Puts the values back into what the template produced.
    pub fn restore(&self, out: &str) -> String {
        let mut s = out.to_string();
        for (m, v) in &self.marks {
            s = s
                .replace(m, v)
                .replace(&url_encode(m), &url_encode(v))
                .replace(&escape_javascript(m), &escape_javascript(v));
        }
        s
    }
}
