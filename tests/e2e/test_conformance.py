"""Conformance: `gatewright simulate` against LocalStack's API Gateway engine.

For every request of every bundled blueprint's template tests (template-tests/*.yaml), and a
corpus of edge cases derived from each of their routes (special characters and unicode in
path, query and headers, empty bodies, JSON with nested arrays, quotes that escapeJavaScript
touches, missing parameters, no Content-Type), the endpoint request `gatewright simulate
--format json` prints is compared field by field with the one LocalStack 4.13 builds for the
same request in `TestInvokeMethod`, on the blueprint's CloudFormation deployed to LocalStack.

What LocalStack's TestInvokeMethod answers (localstack/services/apigateway/next_gen/
execute_api/test_invoke.py): `status`, `body`, `headers` of the method response, and `log`, an
execution log in AWS's layout whose lines carry the method request, `Endpoint request URI`
(the integration URI with path parameters and stage variables rendered), `Endpoint request
headers` (`{Name=value, ...}`) and `Endpoint request body after transformations` (which can
span lines). It runs LocalStack's own request handlers (validation, parameter mapping, its VTL
engine on airspeed) and then really calls the service, so the stacks are deployed with their
owned resources. A failed invocation logs no endpoint request; the method request's status
is compared then.

How the two are put side by side, field by field:

- URI: LocalStack logs the integration's `arn:aws:apigateway:REGION:SERVICE:path/...` (or
  `action/NAME`); AWS's log, and simulate, show the service URL it stands for
  (`https://SERVICE.REGION.amazonaws.com/...`, `?Action=NAME` for actions). The ARN is turned
  into that URL by AWS's documented rule before comparing.
- Headers: LocalStack's log includes what its integration adds on sending (signature,
  `Host`, `Connection`, `User-Agent`, `X-Amzn-Trace-Id`, its internal `x-localstack-data`,
  and `X-Amz-Target` for JSON-protocol actions). AWS signs and adds the same kind at send
  time; simulate shows the mapped headers only. Those transport headers are left out unless
  simulate shows them; every other header must match by name (any case) and value.
- Body: byte for byte.
- Placeholders: simulate writes values CloudFormation resolves (`${AWS::Region}`,
  `${QueueJobs.QueueName}`, ...). Region, account and partition are LocalStack's; a resource's
  value must be the deployed resource's (its physical id, or the name or ARN it ends with).
- The request: the path is given to TestInvokeMethod percent-decoded, as API Gateway hands
  path parameters to mappings (LocalStack's TestInvokeMethod does not decode
  pathWithQueryString itself); the query string, headers and body as the client sends them, a
  binary media type's body (simulate takes it base64-encoded) decoded; the stage's variables
  as stageVariables.

Every disagreement fails the test unless it is one of the known LocalStack deviations from
AWS in the table DEVIATIONS below (also in the README, section Conformance), each recognised
by a rule that undoes only that difference. The test prints `conformance: N of M cases agree;
K known LocalStack deviations; 0 unexplained` and the count of each deviation.
GATEWRIGHT_CONFORMANCE_DUMP=FILE writes every case with both answers to FILE.
"""

from __future__ import annotations

import base64
import concurrent.futures
import json
import os
import re
import subprocess
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance_cases import Case, cases_for, decoded_path
from harness import REPO, client, load_template, require_localstack, timed, unique_name

ACCOUNT = "000000000000"
REGION = "us-east-1"

# Known LocalStack deviations from AWS: code -> why (with where LocalStack 4.13 does it). Each
# is recognised by a rule (NORMALISE below) that undoes only that difference; a disagreement
# these rules do not explain is unexplained and fails the test. The README table repeats it.
DEVIATIONS: dict[str, str] = {
    "template-strip": "LocalStack strips the mapping template's leading and trailing whitespace before "
    "rendering it (template_mapping.py: render_vtl(template=template.strip())); AWS renders the template "
    "as written, so a template ending in a newline sends that newline.",
    "set-whitespace": "LocalStack's Velocity engine (airspeed) keeps the spaces and tabs before a #set; "
    "Velocity 1.7, which API Gateway runs, takes them with the directive (its SET_DIRECTIVE token).",
    "escape-javascript": "LocalStack's $util.escapeJavaScript is Python's json.dumps: `'` left as is, "
    "lower-case \\u hex, `/` left as is, and a blank string becomes `{}`; AWS documents that it escapes "
    "`'` as `\\'`, and its Apache Commons Lang 2 StringEscapeUtils.escapeJavaScript writes upper-case hex "
    "and `\\/` and leaves a blank string blank.",
    "context-stage": "TestInvokeMethod runs outside any stage: LocalStack's $context.stage is empty there "
    "(test_invoke.py sets no stage; AWS's test invocations say test-invoke-stage); simulate gives the "
    "blueprint's stage, as a call to the deployed stage gets.",
    "json-serialization": "LocalStack's $input.json and $input.path write JSON with Python's json.dumps "
    "(`, ` and `: ` separators, lower-case \\u escapes); AWS writes it compact. Recognised when both sides "
    "are the same JSON values (also inside JSON strings, base64 and form fields).",
    "json-null": "LocalStack's $input.json gives `\"\"` for a JSON null (template_mapping.py: a None match "
    "becomes \"\"), so a template testing for 'null' takes another branch; AWS gives `null`.",
    "path-unencoded": "LocalStack writes path parameter values into the integration URI as they are "
    "(helpers.py: render_uri_with_path_parameters is a plain replace); AWS percent-encodes them "
    "(a key `a b` reaches S3 as `a%20b`).",
    "query-not-logged": "LocalStack's log shows the integration URI without the query string that "
    "integration.request.querystring mappings add (test_invoke.py logs integration_request['uri'] "
    "only); AWS's log shows the URI with it.",
}

# Headers an integration adds when it sends the request (signature, connection, tracing,
# LocalStack's internal ones): compared only when simulate shows them.
TRANSPORT_HEADERS = {
    "authorization",
    "connection",
    "host",
    "user-agent",
    "x-amzn-trace-id",
    "x-localstack-data",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-target",
}

LOG_LINE = re.compile(r"^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} \w+ \d{4} : ", re.M)


def gatewright() -> list[str]:
    """The gatewright command: $GATEWRIGHT_BIN, a built binary, or cargo run."""
    if os.environ.get("GATEWRIGHT_BIN"):
        return [os.environ["GATEWRIGHT_BIN"]]
    for profile in ("release", "debug"):
        b = REPO / "target" / profile / "gatewright"
        if b.exists():
            return [str(b)]
    return ["cargo", "run", "-q", "--"]


def blueprints() -> list[str]:
    return sorted(p.stem for p in (REPO / "template-tests").glob("*.yaml"))


def simulate(c: Case) -> dict[str, Any]:
    """gatewright simulate --format json for a case."""
    cmd = [*gatewright(), "simulate", str(REPO / "blueprints" / f"{c.blueprint}.yaml"), c.line(), "--format", "json"]
    for k, v in c.headers:
        cmd += ["-H", f"{k}: {v}"]
    if c.body:
        cmd += ["--body", c.body]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if r.returncode != 0:
        # A template simulate cannot run (reported with a code); the route is still known.
        bare = [*gatewright(), "simulate", str(REPO / "blueprints" / f"{c.blueprint}.yaml"), f"{c.verb} {c.path}", "--format", "json"]
        route = subprocess.run(bare, capture_output=True, text=True, cwd=REPO)
        return {"error": r.stderr.strip(), "route": json.loads(route.stdout)["route"] if route.returncode == 0 else None}
    return json.loads(r.stdout)


# ---- LocalStack's side -------------------------------------------------------------------


def log_fields(log: str) -> dict[str, str]:
    """The execution log's lines, `Label: value` by label (values may span lines)."""
    out: dict[str, str] = {}
    for chunk in LOG_LINE.split(log)[1:]:
        label, sep, value = chunk.partition(": ")
        if sep:
            out.setdefault(label, value[:-1] if value.endswith("\n") else value)
    return out


def split_headers(text: str, names: set[str]) -> dict[str, str]:
    """`{A=1, B=2}` as LocalStack prints headers, split only before names we know (values can
    hold `, ` and `=`)."""
    assert text.startswith("{") and text.endswith("}"), text
    inner = text[1:-1]
    if not inner:
        return {}
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    parts = re.split(rf", (?=(?:{alt})=)", inner, flags=re.I)
    out = {}
    for p in parts:
        k, _, v = p.partition("=")
        out[k] = v
    return out


def arn_to_url(arn: str) -> str:
    """An AWS integration's URI as the service URL it stands for (AWS's documented form:
    arn:aws:apigateway:{region}:{subdomain.service|service}:{path|action}/{...})."""
    m = re.fullmatch(r"arn:aws:apigateway:([^:]+):([^:]+):(path|action)/(.*)", arn, re.S)
    if not m:
        return arn
    region, service, kind, rest = m.groups()
    host = f"{service}.{region}.amazonaws.com"
    if kind == "action":
        action, _, query = rest.partition("&")
        return f"https://{host}/?Action={action}" + (f"&{query}" if query else "")
    # `path//` is the root path `/`; `path/a/b` is `/a/b`.
    return f"https://{host}" + (rest if rest.startswith("/") else f"/{rest}")


# ---- simulate's placeholders -------------------------------------------------------------

# `${Name}`, `${Name.Attr}`, `${AWS::Region}`, also as a form field writes them (`%24%7B...%7D`).
PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9]+(?:::[A-Za-z]+|\.[A-Za-z]+)?)\}|%24%7B([A-Za-z0-9]+(?:%3A%3A[A-Za-z]+|\.[A-Za-z]+)?)%7D")


def pattern(text: str) -> tuple[re.Pattern[str], list[str]]:
    """A regex of simulate's text: pseudo parameters literal, each resource placeholder a group."""
    names: list[str] = []
    out = []
    pos = 0
    for m in PLACEHOLDER.finditer(text):
        out.append(re.escape(text[pos : m.start()]))
        encoded = m.group(1) is None
        name = m.group(1) or urllib.parse.unquote(m.group(2))
        fixed = {"AWS::Region": REGION, "AWS::AccountId": ACCOUNT, "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}
        if name in fixed:
            out.append(re.escape(urllib.parse.quote_plus(fixed[name]) if encoded else fixed[name]))
        else:
            names.append(name)
            out.append("(.+?)")
        pos = m.end()
    out.append(re.escape(text[pos:]))
    return re.compile("".join(out), re.S), names


def same(ours: str, theirs: str, physical: dict[str, str]) -> bool:
    """simulate's text (placeholders in it) equals LocalStack's, each placeholder standing for
    its deployed resource's value."""
    if "${" not in ours:
        return ours == theirs
    pat, names = pattern(ours)
    m = pat.fullmatch(theirs)
    if not m:
        return False
    for name, got in zip(names, m.groups()):
        logical = name.split(".")[0]
        pid = physical.get(logical)
        if pid is None:
            return False
        value = urllib.parse.unquote_plus(got)
        tail = re.split(r"[:/]", pid.rstrip("/"))[-1]
        if value != pid and not value.endswith(tail):
            return False
    return True


# ---- comparison --------------------------------------------------------------------------


@dataclass
class Outcome:
    """A case's result: the fields that differ, each with the deviations that explain it
    (None: unexplained)."""

    case: Case
    diffs: list[tuple[str, str, str, str | None]]  # field, simulate, LocalStack, deviations

    @property
    def agrees(self) -> bool:
        return not self.diffs

    @property
    def explained(self) -> bool:
        return all(d[3] is not None for d in self.diffs)


@dataclass
class Route:
    """What the rules need to know of the route a case reaches."""

    templates: list[str]
    physical: dict[str, str]
    body: str
    stage: str = ""


def _json_value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _canon_str(v: str) -> Any:
    """A string as a JSON value when it holds JSON text (or base64 of JSON text), else itself."""
    t = v.strip()
    if t[:1] in ("{", "[") and (j := _json_value(t)) is not None:
        return {"<json>": _canon(j)}
    if re.fullmatch(r"[A-Za-z0-9+/]{8,}={0,2}", t):
        try:
            d = base64.b64decode(t, validate=True).decode("utf-8")
        except ValueError:
            return v
        if d.strip()[:1] in ("{", "[") and (j := _json_value(d)) is not None:
            return {"<base64 json>": _canon(j), "<trailing>": d[len(d.rstrip()) :]}
    return v


def _canon(v: Any) -> Any:
    if isinstance(v, str):
        return _canon_str(v)
    if isinstance(v, list):
        return [_canon(x) for x in v]
    if isinstance(v, dict):
        return {k: _canon(x) for k, x in v.items()}
    return v


def canonical_json(text: str) -> str:
    """The text as the JSON values it holds, written one way: a JSON document, or a form
    (`a=1&b=2`) whose fields may hold JSON."""
    j = _json_value(text)
    if j is not None and text.strip()[:1] in ("{", "["):
        return json.dumps(_canon(j), separators=(",", ":"), ensure_ascii=False)
    if re.fullmatch(r"[^=&\s]+=[^&\s]*(?:&[^=&\s]+=[^&\s]*)*", text):
        pairs = urllib.parse.parse_qsl(text, keep_blank_values=True)
        return json.dumps([[k, _canon_str(x)] for k, x in pairs], separators=(",", ":"), ensure_ascii=False)
    return text


def _set_anchors(r: Route) -> list[str]:
    """The literal text right before each `<spaces>#set` of the route's templates."""
    out = []
    for t in r.templates:
        out += [m.group(1) for m in re.finditer(r"([^\s$#()]{1,30})[ \t]+#set", t)]
    return out


def _lower_u(s: str) -> str:
    s = re.sub(r"\\u([0-9A-F]{4})", lambda m: "\\u" + m.group(1).lower(), s)
    return re.sub(r"%5Cu([0-9A-F]{4})", lambda m: "%5Cu" + m.group(1).lower(), s)


def _unescape_js(s: str) -> str:
    """AWS's escapeJavaScript output as LocalStack's writes it: `\\'` -> `'`, `\\/` -> `/`,
    lower-case \\u hex (also percent-encoded, inside a form field)."""
    s = _lower_u(s)
    for aws, ls in (("\\'", "'"), ("\\/", "/"), ("%5C%27", "%27"), ("%5C%2F", "%2F")):
        s = s.replace(aws, ls)
    return s


def _unstage(s: str, r: Route) -> str:
    """The stage's name taken out where a template writes $context.stage in a JSON string."""
    if not r.stage or not any("$context.stage" in t for t in r.templates):
        return s
    return re.sub(rf'(\\?")({re.escape(r.stage)})(\\?")', lambda m: m.group(1) + m.group(3), s)


def _unset(s: str, r: Route) -> str:
    for a in _set_anchors(r):
        s = re.sub(re.escape(a) + r"[ \t]+", lambda _m, a=a: a, s)
    return s


def _unencode_path(s: str) -> str:
    base, q, query = s.partition("?")
    return urllib.parse.unquote(base) + q + query


# Each rule: (code, field kinds, undo(simulate, LocalStack, route) -> both rewritten).
NORMALISE: list[tuple[str, set[str], Any]] = [
    ("template-strip", {"body"}, lambda o, t, r: (o.strip(), t.strip())),
    ("set-whitespace", {"body"}, lambda o, t, r: (_unset(o, r), _unset(t, r))),
    (
        "escape-javascript",
        {"body"},
        lambda o, t, r: (_unescape_js(o), t.replace('"{}"', '""')),
    ),
    ("context-stage", {"body"}, lambda o, t, r: (_unstage(o, r), t)),
    (
        "json-null",
        {"body"},
        lambda o, t, r: (o.replace('{"NULL": true}', '{"S": ""}') if "null" in r.body else o, t),
    ),
    ("json-serialization", {"body"}, lambda o, t, r: (canonical_json(o), canonical_json(t))),
    ("path-unencoded", {"uri"}, lambda o, t, r: (_unencode_path(o), t)),
    ("query-not-logged", {"uri"}, lambda o, t, r: (_drop_unlogged_query(o, t), t)),
]


def _drop_unlogged_query(ours: str, theirs: str) -> str:
    """Our URI without the query pairs LocalStack's logged URI lacks."""
    base, _, query = ours.partition("?")
    logged = theirs.partition("?")[2].split("&")
    kept = [p for p in query.split("&") if p and p in logged]
    return base + ("?" + "&".join(kept) if kept else "")


def explain(kind: str, ours: str, theirs: str, r: Route) -> str | None:
    """The fewest known deviations that, undone, make the two equal ("a+b"), or None."""
    rules = [x for x in NORMALISE if kind in x[1]]

    def equal_with(codes: list[str]) -> bool:
        o, t = ours, theirs
        for code, _, undo in rules:
            if code in codes:
                o, t = undo(o, t, r)
        return same(o, t, r.physical)

    codes = [x[0] for x in rules]
    if not equal_with(codes):
        return None
    for code in reversed(list(codes)):  # the broadest rules are last: drop them first
        if equal_with([c for c in codes if c != code]):
            codes.remove(code)
    return "+".join(codes)


def compare(c: Case, sim: dict[str, Any], ls: dict[str, Any], r: Route) -> Outcome:
    diffs: list[tuple[str, str, str, str | None]] = []
    fields = log_fields(ls["log"])
    ep = sim.get("endpointRequest")
    if "error" in sim:
        theirs = fields.get("Endpoint request body after transformations", f"no endpoint request: status {ls['status']}")
        diffs.append(("endpoint request", sim["error"], theirs, None))
        return Outcome(c, diffs)
    if ep is None:
        # simulate answers for API Gateway (validation, 415): LocalStack must fail the same way.
        gw = sim.get("gatewayResponse") or {}
        if "Endpoint request URI" in fields or gw.get("status") != ls["status"]:
            diffs.append(("status", str(gw.get("status")), f"{ls['status']} {ls['body']}", None))
        return Outcome(c, diffs)
    if "Endpoint request URI" not in fields:
        diffs.append(("endpoint request", "sent", f"none: status {ls['status']} {ls['body']}", None))
        return Outcome(c, diffs)
    theirs_uri = arn_to_url(fields["Endpoint request URI"])
    if not same(ep["uri"], theirs_uri, r.physical):
        diffs.append(("uri", ep["uri"], theirs_uri, explain("uri", ep["uri"], theirs_uri, r)))
    names = set(ep["headers"]) | TRANSPORT_HEADERS | {"Accept", "Content-Type", "X-Amz-Target"}
    theirs_h = {k.lower(): v for k, v in split_headers(fields["Endpoint request headers"], names).items()}
    ours_h = {k.lower(): v for k, v in ep["headers"].items()}
    for k in sorted(set(theirs_h) | set(ours_h)):
        if k in TRANSPORT_HEADERS and k not in ours_h:
            continue
        o, t = ours_h.get(k), theirs_h.get(k)
        if o is None or t is None or not same(o, t, r.physical):
            diffs.append((f"header {k}", str(o), str(t), None))
    body = fields["Endpoint request body after transformations"]
    if not same(ep["body"], body, r.physical):
        diffs.append(("body", ep["body"], body, explain("body", ep["body"], body, r)))
    return Outcome(c, diffs)


# ---- deployment --------------------------------------------------------------------------


def localstack_template(blueprint: str) -> dict[str, Any]:
    """The blueprint's CloudFormation, with what LocalStack's providers need and AWS does not:
    a Firehose stream's name (LocalStack's provider fails without DeliveryStreamName, as in
    test_firehose_events.py), and no authorizers: theirs are functions and user pools in other
    accounts that LocalStack cannot reach, and TestInvokeMethod skips authorization anyway
    (on AWS as on LocalStack), so the endpoint request does not depend on them."""
    t = load_template(f"out/{blueprint}/cloudformation.json")
    res = t["Resources"]
    authorizers = {k for k, r in res.items() if r["Type"] == "AWS::ApiGateway::Authorizer"}
    for logical in list(res):
        r = res[logical]
        if logical in authorizers or (r["Type"] == "AWS::Lambda::Permission" and any(a in json.dumps(r) for a in authorizers)):
            del res[logical]
        elif r["Type"] == "AWS::KinesisFirehose::DeliveryStream":
            r["Properties"].setdefault("DeliveryStreamName", unique_name(logical.lower()))
        elif r["Type"] == "AWS::ApiGateway::Method" and "AuthorizerId" in r["Properties"]:
            del r["Properties"]["AuthorizerId"]
            r["Properties"]["AuthorizationType"] = "NONE"
            r["Properties"].pop("AuthorizationScopes", None)
    return t


def create(blueprint: str) -> str:
    name = unique_name(f"gw-conf-{blueprint}")[:120]
    client("cloudformation").create_stack(
        StackName=name,
        TemplateBody=json.dumps(localstack_template(blueprint)),
        Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
    )
    return name


def wait(name: str) -> dict[str, str]:
    """Waits for the stack; its physical ids by logical id."""
    cfn = client("cloudformation")
    try:
        cfn.get_waiter("stack_create_complete").wait(StackName=name, WaiterConfig={"Delay": 2, "MaxAttempts": 150})
    except Exception as e:
        events = cfn.describe_stack_events(StackName=name)["StackEvents"]
        failed = [f"{ev['LogicalResourceId']}: {ev.get('ResourceStatusReason')}" for ev in events if ev["ResourceStatus"].endswith("FAILED")]
        raise AssertionError(f"stack {name} did not deploy: {e}; {failed}") from e
    res = cfn.describe_stack_resources(StackName=name)["StackResources"]
    return {r["LogicalResourceId"]: r.get("PhysicalResourceId", "") for r in res}


def invoke_method(api: str, resources: dict[str, str], c: Case, route: str, body: str, stage_vars: dict[str, str]) -> dict[str, Any]:
    """LocalStack's TestInvokeMethod for a case (the stage's variables given, as the console
    gives them)."""
    verb, path = route.split(" ", 1)
    q = f"?{c.query}" if c.query else ""
    return client("apigateway").test_invoke_method(
        restApiId=api,
        resourceId=resources[path],
        httpMethod=verb,
        pathWithQueryString=decoded_path(c.path) + q,
        headers=dict(c.headers),
        body=body,
        stageVariables=stage_vars,
    )


def openapi(blueprint: str) -> dict[str, Any]:
    return json.loads((REPO / "out" / blueprint / "openapi.json").read_text())


def integration(doc: dict[str, Any], route: str) -> dict[str, Any]:
    """The x-amazon-apigateway-integration of a route `VERB /path` in the OpenAPI document."""
    verb, path = route.split(" ", 1)
    item = doc["paths"][path]
    op = item.get(verb.lower()) or item.get("x-amazon-apigateway-any-method") or {}
    return op.get("x-amazon-apigateway-integration", {})


def simulated(blueprint: str) -> list[tuple[Case, dict[str, Any]]]:
    """Every case of a blueprint with simulate's answer."""
    sims: dict[int, dict[str, Any]] = {}
    binary = [t.lower() for t in openapi(blueprint).get("x-amazon-apigateway-binary-media-types", [])]

    def route_of(c: Case) -> str | None:
        s = simulate(c)
        sims[id(c)] = s
        return s["route"] if s.get("endpointRequest") else None

    cases = cases_for(REPO, blueprint, route_of, binary)
    todo = [c for c in cases if id(c) not in sims]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        for c, s in zip(todo, pool.map(simulate, todo)):
            sims[id(c)] = s
    for c in cases:
        assert sims[id(c)]["route"] is not None, f"{blueprint}: {c.label}: simulate finds no route for {c.line()}"
    return [(c, sims[id(c)]) for c in cases]


def not_compared(blueprint: str, c: Case, sim: dict[str, Any]) -> str | None:
    """Why a case has nothing to compare, or None.

    A Lambda proxy integration: simulate shows no endpoint request (the function answers;
    gatewright does not run it). A MOCK integration: no endpoint request on either side (AWS's
    log has none either). A binary body whose bytes are not text: TestInvokeMethod's body is
    a string."""
    if not any(sim.get(k) is not None for k in ("endpointRequest", "gatewayResponse", "error")):
        return "Lambda proxy"
    doc = openapi(blueprint)
    if integration(doc, sim["route"]).get("type", "").lower() == "mock":
        return "MOCK"
    if body_for_localstack(doc, c) is None:
        return "binary body"
    return None


def body_for_localstack(doc: dict[str, Any], c: Case) -> str | None:
    """The body as TestInvokeMethod takes it: text; a binary media type's body (which simulate
    takes base64-encoded) decoded, when its bytes are UTF-8."""
    binary = [t.lower() for t in doc.get("x-amazon-apigateway-binary-media-types", [])]
    if (c.header("Content-Type") or "").split(";")[0].strip().lower() not in binary or not c.body:
        return c.body
    try:
        return base64.b64decode(c.body, validate=True).decode("utf-8")
    except ValueError:
        return None


def run_blueprint(blueprint: str, cases: list[tuple[Case, dict[str, Any]]], physical: dict[str, str], dump: list[Any]) -> list[Outcome]:
    api = physical["RestApi"]
    ag = client("apigateway")
    resources = {r["path"]: r["id"] for r in ag.get_resources(restApiId=api, limit=500)["items"]}
    stage_vars = next(iter(ag.get_stages(restApiId=api)["item"]), {}).get("variables", {})
    doc = openapi(blueprint)
    out = []
    for c, s in cases:
        if not_compared(blueprint, c, s):
            continue
        ls = invoke_method(api, resources, c, s["route"], body_for_localstack(doc, c) or "", stage_vars)
        ls = {k: ls[k] for k in ("log", "status", "body")}
        dump.append({"case": c.__dict__, "sim": s, "ls": ls, "physical": physical})
        out.append(compare(c, s, ls, route_info(doc, s, c, physical)))
    return out


def route_info(doc: dict[str, Any], sim: dict[str, Any], c: Case, physical: dict[str, str]) -> Route:
    i = integration(doc, sim["route"]) if sim.get("route") else {}
    return Route(list((i.get("requestTemplates") or {}).values()), physical, c.body, stage_name(c.blueprint))


def stage_name(blueprint: str) -> str:
    """The blueprint's stage, as its CloudFormation names it."""
    t = load_template(f"out/{blueprint}/cloudformation.json")
    return next((r["Properties"].get("StageName", "") for r in t["Resources"].values() if r["Type"] == "AWS::ApiGateway::Stage"), "")


def test_simulate_agrees_with_localstack(capsys):
    require_localstack()
    started = time.perf_counter()
    with timed("conformance: simulate"):
        sims = {b: simulated(b) for b in blueprints()}
    # A blueprint whose every request reaches a Lambda proxy has nothing to compare.
    why_not = {b: [not_compared(b, c, s) for c, s in v] for b, v in sims.items()}
    skipped = {b for b, w in why_not.items() if all(w)}
    with timed("conformance: deploy"):
        names = {b: create(b) for b in blueprints() if b not in skipped}
        physical, failed = {}, []
        for b, n in names.items():
            try:
                physical[b] = wait(n)
            except AssertionError as e:
                failed.append(str(e))
    outcomes: list[Outcome] = []
    dump: list[Any] = []
    try:
        assert not failed, "\n".join(failed)
        with timed("conformance: test-invoke"):
            for b in names:
                outcomes.extend(run_blueprint(b, sims[b], physical[b], dump))
    finally:
        # Deleted and waited for: the other end-to-end tests deploy the same templates.
        cfn = client("cloudformation")
        for n in names.values():
            cfn.delete_stack(StackName=n)
        for n in names.values():
            cfn.get_waiter("stack_delete_complete").wait(StackName=n, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
    if os.environ.get("GATEWRIGHT_CONFORMANCE_DUMP"):
        # Every case with both answers, to study disagreements without LocalStack.
        Path(os.environ["GATEWRIGHT_CONFORMANCE_DUMP"]).write_text(json.dumps(dump, indent=1))
    left_out: dict[str, int] = {}
    for w in why_not.values():
        for x in filter(None, w):
            left_out[x] = left_out.get(x, 0) + 1
    agree = sum(o.agrees for o in outcomes)
    deviations = [o for o in outcomes if not o.agrees and o.explained]
    unexplained = [o for o in outcomes if not o.explained]
    by_code: dict[str, int] = {}
    for o in deviations:
        for code in {c for d in o.diffs for c in (d[3] or "").split("+") if c}:
            by_code[code] = by_code.get(code, 0) + 1
    lines = [
        f"conformance: {agree} of {len(outcomes)} cases agree; {len(deviations)} known LocalStack deviations; "
        f"{len(unexplained)} unexplained",
        f"  {len(names)} blueprints deployed in {time.perf_counter() - started:.0f}s; not compared (nothing to compare): "
        + (", ".join(f"{n} {k}" for k, n in sorted(left_out.items())) or "none")
        + (f"; no comparable request at all: {', '.join(sorted(skipped))}" if skipped else ""),
    ]
    lines += [f"  deviation {k}: {n} case(s): {DEVIATIONS[k]}" for k, n in sorted(by_code.items())]
    for o in unexplained:
        lines.append(f"  UNEXPLAINED {o.case.blueprint}: {o.case.label}: {o.case.line()}")
        for f, ours, theirs, code in o.diffs:
            if code is None:
                lines.append(f"    {f}:\n      simulate:   {ours!r}\n      LocalStack: {theirs!r}")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert not unexplained, "\n".join(lines)
    compared = {o.case.blueprint for o in outcomes}
    assert compared == set(names), f"deployed but never compared: {sorted(set(names) - compared)}"
    assert agree > len(outcomes) // 2, "fewer than half the cases agree exactly: the rules explain too much"
