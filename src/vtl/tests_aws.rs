//! AWS's documented behaviour: `$util` functions and the examples of the mapping template
//! reference, where API Gateway's behaviour is odd followed as AWS documents it.

use super::*;

fn scope(body: &str) -> Scope {
    Scope {
        input: Input {
            body: body.into(),
            ..Input::default()
        },
        ..Scope::default()
    }
}

fn r(t: &str, body: &str) -> String {
    render(t, &scope(body))
        .unwrap_or_else(|e| panic!("{t}: {e}"))
        .text
}

#[test]
fn escape_javascript_escapes_single_quotes_as_aws_documents() {
    // AWS: "Any regular single quotes (') are replaced with escaped single quotes (\')",
    // which is not valid JSON; API Gateway does it anyway, and so do we.
    assert_eq!(escape_javascript("it's"), "it\\'s");
    assert_eq!(
        escape_javascript("a \"b\" \\ c/d"),
        "a \\\"b\\\" \\\\ c\\/d"
    );
    assert_eq!(
        escape_javascript("tab\tnl\ncr\r\u{1}"),
        "tab\\tnl\\ncr\\r\\u0001"
    );
    assert_eq!(
        escape_javascript("caf\u{e9} \u{1F600}"),
        "caf\\u00E9 \\uD83D\\uDE00"
    );
}

#[test]
fn url_encode_is_javas_url_encoder() {
    assert_eq!(url_encode("a b&c=d+e%f"), "a+b%26c%3Dd%2Be%25f");
    assert_eq!(url_encode("-_.*~'"), "-_.*%7E%27");
    assert_eq!(url_encode("\u{e9}"), "%C3%A9");
    assert_eq!(url_decode("a+b%26c%C3%A9").unwrap(), "a b&c\u{e9}");
    assert!(url_decode("bad%zz").is_err());
}

#[test]
fn base64_round_trips() {
    for s in [
        "",
        "f",
        "fo",
        "foo",
        "foob",
        "fooba",
        "foobar",
        "h\u{e9}llo",
    ] {
        assert_eq!(
            base64_decode(&base64_encode(s.as_bytes())).unwrap(),
            s.as_bytes()
        );
    }
    assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
    assert_eq!(base64_encode(b"fo"), "Zm8=");
    assert!(base64_decode("not*base64").is_err());
    assert_eq!(
        r("$util.base64Decode($util.base64Encode('x y'))", ""),
        "x y"
    );
}

#[test]
fn parse_json_gives_maps_and_lists() {
    let t = "#set($o = $util.parseJson($input.body))$o.a.b $o.list[1] $o.list.size() $o";
    assert_eq!(
        r(t, r#"{"a": {"b": "c"}, "list": [1, 2]}"#),
        "c 2 2 {a={b=c}, list=[1, 2]}"
    );
    assert!(render("$util.parseJson('nope')", &scope("")).is_err());
}

/// AWS's example: "$input.path('$.mykey')" with a JSON payload.
#[test]
fn aws_input_path_example() {
    let body = r#"{ "mykey" : "value", "mykey2" : { "mysubkey" : "value" } }"#;
    assert_eq!(r("$input.path('$.mykey')", body), "value");
    assert_eq!(
        r("$input.json('$.mykey2')", body),
        r#"{"mysubkey":"value"}"#
    );
}

/// AWS's example of the reference: the price list and a loop over `$input.path('$')`.
#[test]
fn aws_pets_example() {
    let body =
        r#"[{"id": 1, "type": "dog", "price": 249.99}, {"id": 2, "type": "cat", "price": 124.99}]"#;
    let t = "#set($inputRoot = $input.path('$'))\n[\n#foreach($elem in $inputRoot)\n  {\n    \"description\" : \"Item $elem.id is a $elem.type.\",\n    \"askingPrice\" : $elem.price\n  }#if($foreach.hasNext),#end\n\n#end\n]";
    let want = "[\n  {\n    \"description\" : \"Item 1 is a dog.\",\n    \"askingPrice\" : 249.99\n  },\n  {\n    \"description\" : \"Item 2 is a cat.\",\n    \"askingPrice\" : 124.99\n  }\n]";
    assert_eq!(r(t, body), want);
}

/// AWS's example of parseJson: a string field holding JSON.
#[test]
fn aws_parse_json_example() {
    let body = r#"{"escapedJsonString": "{\"myKey\":\"myValue\"}"}"#;
    let t = "#set ($map = $util.parseJson($input.path('$.escapedJsonString')))\n$map.myKey";
    assert_eq!(r(t, body), "myValue");
}

/// AWS's example: stringifying a JSON body for a query-protocol service.
#[test]
fn aws_escape_javascript_example() {
    let body = r#"{"message": "He said \"hi\""}"#;
    let t = "{\"input\" : \"$util.escapeJavaScript($input.json('$'))\"}";
    assert_eq!(
        r(t, body),
        r#"{"input" : "{\"message\":\"He said \\\"hi\\\"\"}"}"#
    );
}

/// AWS's example of overriding the response status from a template.
#[test]
fn aws_response_override_example() {
    let t = "#set($inputRoot = $input.path('$'))\n$input.json(\"$\")\n#if($inputRoot.toString().contains(\"error\"))\n#set($context.responseOverride.status = 400)\n#set($context.responseOverride.header.X-Error = \"yes\")\n#end\n";
    let out = render(t, &scope(r#"{"result":"error"}"#)).unwrap();
    assert_eq!(out.text, "{\"result\":\"error\"}\n");
    assert_eq!(out.overrides.status.as_deref(), Some("400"));
    assert_eq!(
        out.overrides.response_header,
        [("X-Error".into(), "yes".into())]
    );
}

/// The quiet reference with an empty-string test that gatewright's SNS and SQS templates
/// use to send optional values only when present.
#[test]
fn quiet_empty_test_of_the_project_templates() {
    let t =
        "#set($d = $input.params('x-dedup'))A#if(\"$!d\" != \"\")&D=$util.urlEncode($d)#{end}##";
    assert_eq!(r(t, ""), "A");
    let mut s = scope("");
    s.input.header.push(("X-Dedup".into(), "a b".into()));
    assert_eq!(render(t, &s).unwrap().text, "A&D=a+b");
}
