//! The `gatewright` command line: parses arguments, runs the library, prints diagnostics.

mod diff;
mod files;
mod import;
mod report;
mod simulate;
mod synthesize;
mod test;
mod validate;

use crate::codes;
use crate::output;
use clap::{Parser, Subcommand};
use report::Reporter;
use std::path::PathBuf;
use synthesize::synthesize;

/// Exit status: everything fine.
pub const EXIT_OK: i32 = 0;
/// Exit status: the input or the output folder has problems (diagnostics printed).
pub const EXIT_FINDINGS: i32 = 1;
/// Exit status: the command line was wrong.
pub const EXIT_USAGE: i32 = 2;
/// Exit status: a file or folder could not be read or written.
pub const EXIT_IO: i32 = 3;

#[derive(Parser, Debug)]
#[command(
    name = "gatewright",
    version,
    about = "API Gateway REST APIs that call AWS services directly: CloudFormation, OpenAPI and Terraform from one blueprint",
    after_help = "Examples:\n  gatewright synth                      # blueprints/*.yaml -> out/<name>/\n  gatewright synth blueprints/s3-proxy.yaml --out build\n  gatewright check                      # fails when out/ drifted\n  gatewright validate template.yaml     # any CloudFormation, OpenAPI 3.0, Swagger 2.0 or .tf.json file\n  gatewright schema > schemas/blueprint.schema.json"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Generate every output of each blueprint into OUT/<blueprint-name>/.
    #[command(
        after_help = "Examples:\n  gatewright synth\n  gatewright synth blueprints/s3-proxy.yaml --out /tmp/out"
    )]
    Synth {
        /// Blueprint files or folders of blueprints (default: blueprints).
        paths: Vec<PathBuf>,
        /// Output folder.
        #[arg(long, default_value = "out")]
        out: PathBuf,
    },
    /// Regenerate in memory and list files in OUT that differ; exit 1 on any drift.
    #[command(
        after_help = "Examples:\n  gatewright check\n  gatewright check blueprints --out out"
    )]
    Check {
        /// Blueprint files or folders of blueprints (default: blueprints). Given folders (or
        /// none), folders in the output folder that no blueprint produces are errors too.
        paths: Vec<PathBuf>,
        /// Output folder to compare.
        #[arg(long, default_value = "out")]
        out: PathBuf,
    },
    /// Check CloudFormation templates, OpenAPI 3.0 and Swagger 2.0 documents and Terraform JSON,
    /// whoever wrote them; exit 1 on any error or warning.
    #[command(
        long_about = "Check CloudFormation templates (JSON or YAML with short-form tags), OpenAPI 3.0 and \
Swagger 2.0 documents and Terraform JSON, whoever wrote them. The format is detected from the \
content. Every finding is printed as `file:line:col: error[CODE]: message` with its JSON \
pointer and a help line.\n\nExit status: 0 when there is no error or warning (notes do not \
count), 1 when there is, 2 for a wrong command line or an unreadable provider schema.",
        after_help = "Examples:\n  gatewright validate out/s3-proxy/cloudformation.yaml\n  gatewright validate out                       # every *.json, *.yaml, *.yml below the folder\n  gatewright validate api.oas30.json --format json | jq '.[].code'\n  terraform providers schema -json > aws.schema.json\n  gatewright validate main.tf.json --terraform-schema aws.schema.json"
    )]
    Validate {
        /// Files to check, or folders whose *.json, *.yaml and *.yml files (in subfolders too)
        /// are checked; finding none is an error.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// How to print the findings: text lines, or one JSON array on standard output.
        #[arg(long, value_enum, default_value_t = validate::OutputFormat::Text)]
        format: validate::OutputFormat,
        /// Provider schema from `terraform providers schema -json`; Terraform JSON is then
        /// checked against it (unknown types, arguments, references, value types) instead of
        /// the schema gatewright carries for the types it emits.
        #[arg(long, value_name = "FILE")]
        terraform_schema: Option<PathBuf>,
    },
    /// Show what API Gateway would send to the service for one request, and what it would
    /// answer, offline: the test-invoke log of the request through the blueprint's API.
    #[command(
        after_help = "Examples:\n  gatewright simulate blueprints/sqs-send.yaml 'POST /messages' -H 'Content-Type: text/plain' --body 'hello'\n  gatewright simulate blueprints/s3-proxy.yaml 'GET /photos' --service-response 200 @list.xml\n  gatewright simulate blueprints/sns-publish.yaml 'POST /alerts' --body @msg.json --format json"
    )]
    Simulate {
        /// The blueprint whose API receives the request.
        blueprint: PathBuf,
        /// The request line: 'METHOD /path?query'.
        request: String,
        /// A request header, 'Name: value' (repeatable).
        #[arg(short = 'H', long = "header", value_name = "HEADER")]
        headers: Vec<String>,
        /// The request body: text, or @FILE.
        #[arg(long)]
        body: Option<String>,
        /// What the service answers: its status and body (text or @FILE).
        #[arg(long, num_args = 2, value_names = ["STATUS", "BODY"])]
        service_response: Vec<String>,
        /// A header of the service's answer, 'Name: value' (repeatable).
        #[arg(long = "service-header", value_name = "HEADER")]
        service_headers: Vec<String>,
        /// How to print: the execution log, or JSON.
        #[arg(long, value_enum, default_value_t = simulate::SimFormat::Text)]
        format: simulate::SimFormat,
    },
    /// Run the template tests (`template-tests/*.yaml`) offline: each request's integration
    /// request and each service answer's method response against what the test expects.
    #[command(
        after_help = "Examples:\n  gatewright test\n  gatewright test template-tests/sqs-send.yaml"
    )]
    Test {
        /// Template tests files, or folders of them (default: template-tests).
        paths: Vec<PathBuf>,
    },
    /// Show what changed in an API between two versions: routes, IAM grants, settings and
    /// resources. Each side is a blueprint, an OpenAPI 3.0 or Swagger 2.0 document, a
    /// CloudFormation template, or REV:PATH (that file at a git revision).
    #[command(
        long_about = "Show what changed in an API between two versions: routes added, removed and \
changed (integration, mappings, templates, responses, auth, validation), IAM grants widened or \
narrowed, API settings and other resources of the stack. Each side is a blueprint, an OpenAPI 3.0 \
or Swagger 2.0 document, a CloudFormation template (JSON or YAML), or REV:PATH for that file at a \
git revision.\n\nExit status: 0, or 1 when a change of a category named in --fail-on is found, \
2 when a side cannot be read.",
        after_help = "Examples:\n  gatewright diff HEAD~1:blueprints/sqs-send.yaml blueprints/sqs-send.yaml\n  gatewright diff old/openapi.json out/sqs-send/openapi.json --format json\n  gatewright diff main:blueprints/api.yaml blueprints/api.yaml --fail-on iam-widened,route-removed"
    )]
    Diff {
        /// The old side.
        old: String,
        /// The new side.
        new: String,
        /// How to print the changes: text for people, or one JSON object.
        #[arg(long, value_enum, default_value_t = validate::OutputFormat::Text)]
        format: validate::OutputFormat,
        /// Exit 1 when any change of these categories is found (comma-separated).
        #[arg(long, value_enum, value_delimiter = ',')]
        fail_on: Vec<crate::diff::Category>,
    },
    /// Turn an OpenAPI 3.0 or Swagger 2.0 document with API Gateway's extensions into a
    /// blueprint: typed operations where lowering one gives the same integration, the generic
    /// `aws` operation otherwise; whatever a blueprint cannot say is reported, located.
    #[command(
        after_help = "Examples:\n  gatewright import exported.json > blueprints/my-api.yaml\n  gatewright import s3-proxy.oas30.json --out blueprints/s3-proxy.yaml --strict"
    )]
    Import {
        /// The OpenAPI 3.0 or Swagger 2.0 document (JSON or YAML).
        file: PathBuf,
        /// Write the blueprint here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Refuse (exit 1, write nothing) when anything cannot be carried over.
        #[arg(long)]
        strict: bool,
        /// Keep a literal credentials role as `env.execution_role_arn`.
        #[arg(long)]
        keep_role: bool,
        /// An earlier blueprint of the API, for what OpenAPI cannot carry (owned resources'
        /// and the stage's settings, the usage plan, tags, generic routes' IAM).
        #[arg(long, value_name = "BLUEPRINT")]
        base: Option<PathBuf>,
        /// Fill another tool's placeholder before reading (`--var sqs_arn=arn:...`), as a
        /// Terraform template (`.tftpl`) is filled; the value may be a blueprint reference
        /// (`--var region='${AWS::Region}'`). Repeat for each placeholder.
        #[arg(long = "var", value_name = "NAME=VALUE", value_parser = crate::import::vars::parse)]
        vars: Vec<(String, String)>,
    },
    /// Print the JSON Schema of the blueprint format (for editors and CI).
    #[command(
        after_help = "Examples:\n  gatewright schema > schemas/blueprint.schema.json\n  gatewright schema --tests > schemas/template-tests.schema.json"
    )]
    Schema {
        /// Print the schema of template tests files instead.
        #[arg(long)]
        tests: bool,
    },
    /// Print the operation reference (Markdown): each operation's arguments, an example, and
    /// the defaults and IAM the example gets.
    #[command(after_help = "Example:\n  gatewright operations > docs/operations.md")]
    Operations,
    /// List every diagnostic code with what it means and what to do, or explain one code.
    #[command(
        after_help = "Examples:\n  gatewright codes\n  gatewright codes GW0205\n  gatewright codes --markdown   # the README's table"
    )]
    Codes {
        /// One code to explain (`GW0205`, `TF004`).
        code: Option<String>,
        /// Print the table as Markdown (the README holds exactly this text).
        #[arg(long, conflicts_with = "code")]
        markdown: bool,
    },
}

/// Runs the command line with `args` (program name first); returns the exit status.
pub fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    let mut rep = Reporter::default();
    match cli.command {
        Command::Schema { tests } => {
            if tests {
                print!("{}", crate::simulate::suite::schema_json());
            } else {
                print!("{}", crate::lower::schema_json());
            }
            EXIT_OK
        }
        Command::Test { paths } => test::run(&paths),
        Command::Simulate {
            blueprint,
            request,
            headers,
            body,
            service_response,
            service_headers,
            format,
        } => simulate::run(simulate::Args {
            blueprint,
            request,
            headers,
            body,
            service_response,
            service_headers,
            format,
        }),
        Command::Codes { code, markdown } => explain(code.as_deref(), markdown),
        Command::Operations => {
            print!("{}", crate::docs::operations_markdown());
            EXIT_OK
        }
        Command::Validate {
            files,
            format,
            terraform_schema,
        } => validate::run(&files, format, terraform_schema.as_deref()),
        Command::Diff {
            old,
            new,
            format,
            fail_on,
        } => diff::run(&old, &new, format, &fail_on),
        Command::Import {
            file,
            out,
            strict,
            keep_role,
            base,
            vars,
        } => import::run(
            &file,
            out.as_deref(),
            strict,
            keep_role,
            base.as_deref(),
            vars,
        ),
        Command::Synth { paths, out } => {
            // Each blueprint's files go to its staging folder as they are generated; the
            // folders are swapped in only when every blueprint succeeded.
            let mut run = output::Run::new(&out);
            if synthesize(&paths, &mut rep, Some(&mut run)).is_none() {
                let io = run.io_failed;
                run.abandon();
                return if io { EXIT_IO } else { rep.finish() };
            }
            match run.commit() {
                Ok(dirs) => {
                    for d in dirs {
                        let what = if d.changed { "wrote" } else { "unchanged" };
                        eprintln!("{what} {}", d.dir.display());
                    }
                    EXIT_OK
                }
                Err(d) => {
                    rep.emit(&d);
                    EXIT_IO
                }
            }
        }
        Command::Check { paths, out } => {
            let Some(bundles) = synthesize(&paths, &mut rep, None) else {
                return rep.finish();
            };
            let mut diags = output::drift(&out, &bundles);
            if every_blueprint(&paths) {
                diags.extend(output::orphans(&out, &bundles));
            }
            for d in &diags {
                rep.emit(d);
            }
            if diags.is_empty() {
                eprintln!(
                    "{} blueprint(s) in sync with {}",
                    bundles.len(),
                    out.display()
                );
                EXIT_OK
            } else {
                EXIT_FINDINGS
            }
        }
    }
}

/// Whether `paths` name whole folders of blueprints (or none: the default folder), so every
/// folder in the output folder should come from one of them; single files check only theirs.
fn every_blueprint(paths: &[PathBuf]) -> bool {
    paths.iter().all(|p| p.is_dir())
}

/// `gatewright codes`: the table of codes, or one code with its help.
fn explain(code: Option<&str>, markdown: bool) -> i32 {
    match code {
        None if markdown => print!("{}", codes::markdown()),
        None => {
            for c in codes::TABLE {
                println!("{:<7} {}", c.id, c.title);
            }
        }
        Some(id) => match codes::find(id) {
            Some(c) => println!("{}: {}\n  help: {}", c.id, c.title, c.help),
            None => {
                let ids: Vec<&str> = codes::TABLE.iter().map(|c| c.id).collect();
                eprintln!("error: `{id}` is not a gatewright diagnostic code");
                if let Some(s) = crate::suggest::closest(id, ids.iter().copied()) {
                    eprintln!("  help: did you mean `{s}`?");
                }
                return EXIT_USAGE;
            }
        },
    }
    EXIT_OK
}
