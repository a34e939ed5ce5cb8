"""The requests of the conformance test (test_conformance.py): every request of a bundled
blueprint's template tests, and edge cases derived from each route they reach.

A case is a request as a client sends it: the path percent-encoded, the query string raw,
headers and body as text.
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# Strings that exercise escaping: quotes escapeJavaScript touches, a backslash, a closing
# script tag, control characters.
QUOTES = "it's \"quoted\" \\ back</script>\n\ttab"
# Unicode of one, two, three and four UTF-8 bytes (the last a surrogate pair in UTF-16).
UNICODE = "Zoë ☃ 日本 🚀"
# A path segment value: space, ampersand, equals, plus, apostrophe, accent.
PATH_VALUE = "a b&c=d+e'é"
# A greedy path value: several segments.
GREEDY_VALUE = "dir one/ü's+x.txt"
# A query string value: space, ampersand, quote, snowman, plus, slash.
QUERY_VALUE = 'x y&z "q" ☃ +/'
# A header value: quotes, semicolon, unicode.
HEADER_VALUE = "zoë \"q\" 'x'; v=1"
NESTED = [[1, 2], [3, {"deep": [True, None, "x", []]}], []]


@dataclass
class Case:
    """One request to send to both engines."""

    blueprint: str
    label: str
    verb: str
    path: str  # percent-encoded, as on the wire
    query: str = ""  # raw, without `?`
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""

    def line(self) -> str:
        """The request line simulate takes."""
        return f"{self.verb} {self.path}" + (f"?{self.query}" if self.query else "")

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


def template_tests(root: Path, blueprint: str) -> list[Case]:
    """The requests of template-tests/<blueprint>.yaml."""
    doc = yaml.safe_load((root / "template-tests" / f"{blueprint}.yaml").read_text())
    out = []
    for t in doc["tests"]:
        verb, target = t["request"].split(" ", 1)
        path, _, query = target.partition("?")
        headers = [(k, str(v)) for k, v in (t.get("headers") or {}).items()]
        out.append(Case(blueprint, f"template test: {t['name']}", verb, path, query, headers, t.get("body") or ""))
    return out


def _strings(v: Any, s: str) -> Any:
    """v with every string value replaced by s (keys kept)."""
    if isinstance(v, str):
        return s
    if isinstance(v, list):
        return [_strings(x, s) for x in v]
    if isinstance(v, dict):
        return {k: _strings(x, s) for k, x in v.items()}
    return v


def _json(body: str) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def _dump(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False)


def _with_path(route_path: str, path: str, value: str, greedy: str) -> str:
    """The request path with every variable segment of the route given an edge value."""
    parts = path.split("/")
    out = []
    for i, seg in enumerate(route_path.split("/")):
        if seg.endswith("+}"):
            out.append("/".join(urllib.parse.quote(x, safe="") for x in greedy.split("/")))
            return "/".join(out)
        if seg.startswith("{"):
            out.append(urllib.parse.quote(value, safe=""))
        else:
            out.append(parts[i] if i < len(parts) else seg)
    return "/".join(out)


# A binary body (given base64-encoded, as simulate takes it) whose bytes are ASCII, so that
# TestInvokeMethod's string body can carry them too.
BINARY_ASCII = "R0lGODlhIGFzY2lpIGltYWdl"


def edge_cases(base: Case, route_path: str, binary_types: list[str]) -> list[Case]:
    """The edge cases of one route, derived from a request that reaches it."""
    binary = (base.header("Content-Type") or "").split(";")[0].strip().lower() in binary_types
    if binary and base.body:
        base = Case(base.blueprint, base.label, base.verb, base.path, base.query, list(base.headers), BINARY_ASCII)

    def v(label: str, **kw: Any) -> Case:
        c = Case(base.blueprint, f"{label} ({base.verb} {route_path})", base.verb, base.path, base.query, list(base.headers), base.body)
        for k, x in kw.items():
            setattr(c, k, x)
        return c

    out: list[Case] = []
    if "{" in route_path:
        out.append(v("special characters in the path", path=_with_path(route_path, base.path, PATH_VALUE, GREEDY_VALUE)))
        out.append(v("unicode in the path", path=_with_path(route_path, base.path, UNICODE, UNICODE + "/" + UNICODE)))
    pairs = urllib.parse.parse_qsl(base.query, keep_blank_values=True)
    names = [k for k, _ in pairs] + ["note"]
    q = "&".join(f"{urllib.parse.quote(k, safe='')}={urllib.parse.quote(QUERY_VALUE, safe='')}" for k in names)
    out.append(v("special characters in the query string", query=q))
    q = "&".join(f"{urllib.parse.quote(k, safe='')}={urllib.parse.quote(UNICODE, safe='')}" for k in names)
    out.append(v("unicode in the query string", query=q))
    plus = "&".join(f"{urllib.parse.quote(k, safe='')}=a+b%2Bc" for k in names)
    out.append(v("plus signs in the query string", query=plus))
    hs = [(k, HEADER_VALUE if k.lower() not in ("content-type", "accept") else x) for k, x in base.headers]
    out.append(v("special characters in headers", headers=hs + [("X-Edge", HEADER_VALUE)]))
    hs = [(k, UNICODE if k.lower() not in ("content-type", "accept") else x) for k, x in base.headers]
    out.append(v("unicode in headers", headers=hs + [("X-Edge", UNICODE)]))
    ct = [(k, x) for k, x in base.headers if k.lower() == "content-type"]
    out.append(v("missing parameters (no query string, no headers but Content-Type)", query="", headers=ct))
    if base.body:
        out.append(v("empty body", body=""))
        doc = _json(base.body)
        if doc is not None:
            out.append(v("quotes and escapes in JSON strings", body=_dump(_strings(doc, QUOTES))))
            out.append(v("unicode in JSON strings", body=_dump(_strings(doc, UNICODE))))
            if isinstance(doc, dict):
                out.append(v("JSON with nested arrays", body=_dump({**doc, "nested": NESTED})))
            out.append(v("JSON that is not an object", body=_dump(NESTED)))
        elif not binary:
            out.append(v("quotes and escapes in a text body", body=QUOTES))
            out.append(v("unicode in a text body", body=UNICODE))
        if ct:
            out.append(v("no Content-Type", headers=[(k, x) for k, x in base.headers if k.lower() != "content-type"]))
    return out


def cases_for(root: Path, blueprint: str, route_of: Any, binary_types: list[str]) -> list[Case]:
    """Every case of one blueprint: its template tests, then the edge cases of each route
    they reach (route_of(case) gives the route `VERB /path`, or None)."""
    base = template_tests(root, blueprint)
    out = list(base)
    seen: set[str] = set()
    for c in base:
        route = route_of(c)
        if route is None or route in seen:
            continue
        seen.add(route)
        out.extend(edge_cases(c, route.split(" ", 1)[1], binary_types))
    return out


def decoded_path(path: str) -> str:
    """The path with its percent-escapes decoded, segment by segment (for LocalStack)."""
    return "/".join(urllib.parse.unquote(s) for s in path.split("/"))

