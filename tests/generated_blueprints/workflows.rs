//! The generator's Step Functions and EventBridge part: owned state machines and event
//! buses with rules, and the `stepfunctions.*` and `eventbridge.put_events` routes on them.

use crate::common::rng::Rng;
use std::fmt::Write;

/// State machines (name, EXPRESS) and buses the blueprint owns.
#[derive(Default)]
pub struct Workflows {
    pub machines: Vec<(String, bool)>,
    pub buses: Vec<String>,
}

/// The `state_machines:` and `event_buses:` sections (each with its key, or empty), drawn;
/// rules deliver to `standard_queues` and to the machines.
pub fn owns(
    rng: &mut Rng,
    w: &mut Workflows,
    standard_queues: &[String],
) -> Vec<(&'static str, String)> {
    let mut machines = String::new();
    for i in 0..rng.below(3) {
        let express = rng.chance(1, 2);
        let name = format!("flow_{i}");
        let _ = write!(
            machines,
            "    {name}: {{ type: {}, definition: {{ StartAt: Done, States: {{ Done: {{ Type: Pass, Result: {{ region: \"${{AWS::Region}}\" }}, End: true }} }} }}",
            if express { "EXPRESS" } else { "STANDARD" }
        );
        if let Some(q) = standard_queues.first().filter(|_| rng.chance(1, 2)) {
            let _ = write!(
                machines,
                ", grants: [{{ actions: [sqs:SendMessage], resources: [\"${{{q}.arn}}\"] }}]"
            );
        }
        match rng.below(3) {
            0 => machines.push_str(
                ", logging: { level: ALL, include_execution_data: true, retention_days: 30 }",
            ),
            1 => machines.push_str(", logging: { level: \"OFF\" }, tracing: false"),
            _ => {}
        }
        machines.push_str(" }\n");
        w.machines.push((name, express));
    }
    let mut buses = String::new();
    for i in 0..rng.below(3) {
        let name = format!("bus-{i}");
        let mut targets = Vec::new();
        if let Some(q) = standard_queues.first() {
            targets.push(format!("{{ queue: {q} }}"));
        }
        if let Some((m, _)) = w.machines.first().filter(|_| rng.chance(1, 2)) {
            targets.push(format!("{{ state_machine: {m} }}"));
        }
        if targets.is_empty() || rng.chance(1, 3) {
            let _ = writeln!(buses, "    {name}: {{}}");
        } else {
            let _ = writeln!(
                buses,
                "    {name}: {{ rules: {{ placed: {{ pattern: {{ source: [shop], detail-type: [Placed] }}, targets: [{}] }} }} }}",
                targets.join(", ")
            );
        }
        w.buses.push(name);
    }
    vec![("state_machines", machines), ("event_buses", buses)]
}

/// A machine of the wanted type (`None`: any), owned or by ARN.
fn machine(rng: &mut Rng, w: &Workflows, express: Option<bool>) -> String {
    let fits: Vec<&String> = w
        .machines
        .iter()
        .filter(|(_, e)| express.is_none_or(|x| x == *e))
        .map(|(n, _)| n)
        .collect();
    if !fits.is_empty() && rng.chance(2, 3) {
        return format!("state_machine: {}", rng.pick(&fits));
    }
    "state_machine_arn: \"arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:legacy\"".into()
}

/// The route of `op` at `p`, if `op` is one of this part's.
pub fn operation(
    rng: &mut Rng,
    p: &str,
    op: &str,
    w: &Workflows,
) -> Option<(String, String, String)> {
    let route = |verb: &str, path: String, args: String| {
        Some((verb.to_string(), path, format!("{op}: {{ {args} }}")))
    };
    match op {
        "stepfunctions.start_execution" | "stepfunctions.start_sync_execution" => {
            let mut args = machine(
                rng,
                w,
                (op == "stepfunctions.start_sync_execution").then_some(true),
            );
            if rng.chance(1, 3) {
                args.push_str(", name: header.Idempotency-Key");
            }
            if rng.chance(1, 3) {
                args.push_str(", input: '{\"body\": $input.json(''$''), \"caller\": \"$context.identity.caller\"}'");
            }
            route("POST", p.to_string(), args)
        }
        "stepfunctions.describe_execution" | "stepfunctions.stop_execution" => {
            let args = format!("{}, execution_id: \"{{id}}\"", machine(rng, w, Some(false)));
            let verb = if op.ends_with("describe_execution") {
                "GET"
            } else {
                "DELETE"
            };
            route(verb, format!("{p}/{{id}}"), args)
        }
        "stepfunctions.send_task_success" | "stepfunctions.send_task_failure" => {
            let args = machine(rng, w, None);
            if rng.chance(1, 2) {
                route(
                    "POST",
                    format!("{p}/{{token}}"),
                    format!("{args}, task_token: \"{{token}}\""),
                )
            } else {
                route("POST", p.to_string(), args)
            }
        }
        "eventbridge.put_events" => {
            let bus = if !w.buses.is_empty() && rng.chance(2, 3) {
                rng.pick_cloned(&w.buses)
            } else {
                "default".into()
            };
            let mut args = format!("bus: {bus}, source: shop");
            if rng.chance(1, 2) {
                args.push_str(", detail_type: \"{kind}\"");
                return route("POST", format!("{p}/{{kind}}"), args);
            }
            args.push_str(", detail_type: header.X-Detail-Type");
            if rng.chance(1, 2) {
                args.push_str(", batch: true");
            }
            route("POST", p.to_string(), args)
        }
        _ => None,
    }
}
