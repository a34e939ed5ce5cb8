//! One test per construct of the engine.

use super::*;

fn scope(body: &str) -> Scope {
    Scope {
        input: Input {
            body: body.into(),
            path: vec![("folder".into(), "photos".into())],
            querystring: vec![("q".into(), "cats".into())],
            header: vec![("Content-Type".into(), "application/json".into())],
        },
        context: vec![
            ("requestId".into(), "req-1".into()),
            ("identity.sourceIp".into(), "192.0.2.1".into()),
            ("stage".into(), "dev".into()),
        ],
        stage_variables: vec![("env".into(), "prod".into())],
    }
}

fn r(t: &str) -> String {
    render(t, &scope(""))
        .unwrap_or_else(|e| panic!("{t}: {e}"))
        .text
}

fn rb(t: &str, body: &str) -> String {
    render(t, &scope(body))
        .unwrap_or_else(|e| panic!("{t}: {e}"))
        .text
}

fn err(t: &str) -> VtlError {
    render(t, &scope("")).expect_err(t)
}

#[test]
fn text_and_references() {
    assert_eq!(r("plain text"), "plain text");
    assert_eq!(r("#set($a = 'x')$a ${a}b $!a"), "x xb x");
    assert_eq!(r("[$missing][$!missing][${missing}]"), "[][][]");
    assert_eq!(r("cost: $5 and $"), "cost: $5 and $");
    assert_eq!(r("#set($a = 'x')$a."), "x.");
    assert_eq!(r("arn:${AWS::Partition}:sns"), "arn:${AWS::Partition}:sns");
}

#[test]
fn escaped_references_print_their_text() {
    assert_eq!(r("#set($a = 1)\\$a"), "$a");
    assert_eq!(r("\\$nothing"), "\\$nothing");
}

#[test]
fn comments() {
    assert_eq!(r("a## to the end\nb"), "ab");
    assert_eq!(r("a#* inside\n lines *#b"), "ab");
    assert_eq!(r("#[[$not #set]]#"), "$not #set");
    assert_eq!(err("#* open").kind, ErrorKind::Syntax);
}

#[test]
fn set_and_whitespace_as_velocity_1_7() {
    assert_eq!(r("  #set($a = 1)\n$a"), "1");
    assert_eq!(r("#set($a = 1) x"), " x");
    assert_eq!(r("#set( $a = \"v$context.stage\" )$a"), "vdev");
    assert_eq!(r("#set($a = 'one')#set($a = $nothing)$a"), "one");
}

#[test]
fn set_into_maps() {
    assert_eq!(r("#set($m = {})#set($m.k = 'v')$m.k $m"), "v {k=v}");
    assert_eq!(err("#set($s = 'x')#set($s.k = 1)").kind, ErrorKind::Runtime);
}

#[test]
fn if_elseif_else() {
    let t = "#foreach($n in [1, 2, 3])#if($n == 1)one#elseif($n == 2)two#{else}many#end,#end";
    assert_eq!(r(t), "one,two,many,");
    assert_eq!(r("#if($missing)yes#{else}no#end"), "no");
    assert_eq!(
        r("#if('')empty strings are true#end"),
        "empty strings are true"
    );
    assert_eq!(
        r("#if(!$missing && ($context.stage == 'dev' || false))ok#end"),
        "ok"
    );
    assert_eq!(r("#if(1 lt 2 and not false)ok#end"), "ok");
    assert_eq!(r("#if(true)\na\n#else\nb\n#end\n"), "a\n");
    assert_eq!(err("#if(true) never closed").kind, ErrorKind::Syntax);
    assert_eq!(err("#end").kind, ErrorKind::Syntax);
}

#[test]
fn foreach_and_its_variables() {
    assert_eq!(
        r("#foreach($x in ['a', 'b', 'c'])$x#if($foreach.hasNext),#end#end"),
        "a,b,c"
    );
    assert_eq!(
        r("#foreach($x in [7, 8])$velocityCount/$foreach.count/$foreach.index #end"),
        "1/1/0 2/2/1 "
    );
    assert_eq!(r("#foreach($x in {'a': 1, 'b': 2})$x#end"), "12");
    assert_eq!(r("#foreach($x in $missing)never#end"), "");
    assert_eq!(
        r("#foreach($i in [1..5])#if($i == 3)#break#end$i#end"),
        "12"
    );
    assert_eq!(r("#set($x = 'kept')#foreach($x in [1])#end$x"), "kept");
}

#[test]
fn foreach_stops_at_api_gateways_cap() {
    let out = render("#foreach($i in [1..1500])x#end", &scope("")).unwrap();
    assert_eq!(out.text.len(), MAX_ITERATIONS);
    assert_eq!(out.notes.len(), 1, "{:?}", out.notes);
    assert_eq!(r("#foreach($i in [1..1000])x#end").len(), 1000);
}

#[test]
fn ranges_lists_maps() {
    assert_eq!(r("#set($l = [3..1])$l"), "[3, 2, 1]");
    assert_eq!(r("#set($l = [])$l.isEmpty() $l.size()"), "true 0");
    assert_eq!(
        r("#set($l = ['a'])#set($ok = $l.add('b'))$l $l[1] $l.get(0)"),
        "[a, b] b a"
    );
    assert_eq!(
        r("#set($m = {'a': 1})$m.put('b', [1, 2])$m $m.keySet() $m.size()"),
        "{a=1, b=[1, 2]} [a, b] 2"
    );
    assert_eq!(
        r("#set($m = {'a': 1})$m.containsKey('a') $m.get('zz') $m.remove('a')$m"),
        "true  1{}"
    );
}

#[test]
fn arithmetic_and_comparison() {
    // `#set` takes the spaces before it (Velocity 1.7).
    assert_eq!(r("#set($n = 7)$n + 1 = #set($m = $n + 1)$m"), "7 + 1 =8");
    assert_eq!(
        r("#set($a = 7 / 2)#set($b = 7 % 2)#set($c = 7.0 / 2)#set($d = 2 * -3)$a $b $c $d"),
        "3 1 3.5 -6"
    );
    assert_eq!(r("#set($z = 1 / 0)[$z]"), "[]");
    assert_eq!(r("#if(2 == 2.0)num#end #if('1' == 1)str#end"), "num str");
    assert_eq!(err("#if('a' < 1)#end").kind, ErrorKind::Runtime);
    assert_eq!(err("#set($x = 'a' + 'b')").kind, ErrorKind::Runtime);
}

#[test]
fn string_methods_as_java() {
    let t = "#set($s = ' Hello, World ')$s.trim().toLowerCase()|$s.length()|$s.indexOf('o')|$s.substring(1, 6)|$s.replace('l', 'L')|$s.contains('World')|$s.trim().startsWith('He')|$s.trim().endsWith('d')|$s.isEmpty()|$s.empty";
    assert_eq!(
        r(t),
        "hello, world|14|5|Hello| HeLLo, WorLd |true|true|true|false|false"
    );
    assert_eq!(
        r(
            "#set($s = 'a1b22c')$s.replaceAll('[0-9]+', '#')|$s.replaceFirst('([a-z])', '<$1>')|$s.matches('[a-z0-9]+')|$s.matches('[a-z]+')"
        ),
        "a#b#c|<a>1b22c|true|false"
    );
    assert_eq!(
        r("#set($s = 'a,b,,c,,')#set($p = $s.split(','))$p $p.size()"),
        "[a, b, , c] 4"
    );
    assert_eq!(
        r("#set($x = 'x')$x.equals('x') $x.equals(1) $x.equalsIgnoreCase('X')"),
        "true false true"
    );
    assert_eq!(
        err("#set($e = 'x'.equals('x'))").kind,
        ErrorKind::Syntax,
        "no methods on literals"
    );
    assert_eq!(
        r("#set($s = 'h\u{e9}llo')$s.length() $s.toUpperCase() $s.charAt(1)"),
        "5 H\u{c9}LLO \u{e9}"
    );
    assert_eq!(
        r("#set($s = 'x\u{1F600}')$s.length()"),
        "3",
        "Java counts UTF-16 units"
    );
}

#[test]
fn unsupported_constructs_are_named() {
    for (t, word) in [
        ("#macro(x)#end", "#macro"),
        ("#parse('x.vm')", "#parse"),
        ("#include('x')", "#include"),
        ("$util.hash('x')", "$util.hash"),
        ("#set($s = 'x')$s.frobnicate()", "frobnicate"),
        ("$input.path('$.a[?(@.b)]')", "filter"),
        ("$input.path('$.a[0:2]')", "slice"),
        ("$input.body.foo.bar", "foo"),
    ] {
        let e = err(t);
        assert_eq!(e.kind, ErrorKind::Unsupported, "{t}: {e}");
        assert!(e.message.contains(word), "{t}: {e}");
    }
}

#[test]
fn errors_say_where() {
    let e = err("line one\n  #if(true x)\n#end");
    assert_eq!(e.pos.line, 2, "{e}");
    let e = err("ok\n$util.nope('x')");
    assert_eq!((e.pos.line, e.pos.col), (2, 1), "{e}");
}

#[test]
fn directives_inside_strings() {
    assert_eq!(
        r("#set($s = \"#if(true)yes#end-$context.requestId\")$s"),
        "yes-req-1"
    );
    assert_eq!(r("#set($s = 'no $interpolation')$s"), "no $interpolation");
}

#[test]
fn context_and_stage_variables() {
    assert_eq!(
        r(
            "$context.requestId $context.identity.sourceIp $stageVariables.env $stageVariables.none."
        ),
        "req-1 192.0.2.1 prod ."
    );
}

#[test]
fn overrides_come_back() {
    let out = render(
        "#set($context.requestOverride.header.X-Trace = 'abc')#set($context.requestOverride.querystring.q = \"$input.params('q')\")#set($context.responseOverride.status = 404)#set($context.responseOverride.header.Retry-After = '5')",
        &scope(""),
    )
    .unwrap();
    assert_eq!(out.overrides.header, [("X-Trace".into(), "abc".into())]);
    assert_eq!(out.overrides.querystring, [("q".into(), "cats".into())]);
    assert_eq!(out.overrides.status.as_deref(), Some("404"));
    assert_eq!(
        out.overrides.response_header,
        [("Retry-After".into(), "5".into())]
    );
}

#[test]
fn input_params() {
    assert_eq!(
        r(
            "$input.params('folder') $input.params('q') $input.params('content-type') [$input.params('none')]"
        ),
        "photos cats application/json []"
    );
    assert_eq!(
        r("$input.params().path $input.params().querystring.q $input.params().header.keySet()"),
        "{folder=photos} cats [Content-Type]"
    );
}

#[test]
fn input_json_and_path() {
    let body = r#"{"a": {"b": [1, 2.5, "x"]}, "name": "O'Neil \"Q\"", "n": null}"#;
    assert_eq!(rb("$input.json('$.a')", body), r#"{"b":[1,2.5,"x"]}"#);
    assert_eq!(rb("$input.json('$.name')", body), r#""O'Neil \"Q\"""#);
    assert_eq!(rb("$input.path('$.a.b')", body), "[1, 2.5, x]");
    assert_eq!(
        rb(
            "$input.path('$.a.b[1]') $input.path('$.a.b[-1]') $input.path(\"$['a']['b'][0]\")",
            body
        ),
        "2.5 x 1"
    );
    assert_eq!(rb("#set($l = $input.path('$.a.b'))$l.size()", body), "3");
    assert_eq!(
        rb("[$input.path('$.missing')][$input.json('$.missing')]", body),
        "[][\"\"]"
    );
    // No body: `$input.json` is the JSON string `""`, `$input.path` nothing (as on AWS, per
    // LocalStack's maintainers and the conformance test), while `$input.body` reads `{}`.
    assert_eq!(rb("$input.json('$')|$input.path('$.a')|", ""), "\"\"||");
    assert_eq!(rb("$input.path('$.a.*')", body), "[[1, 2.5, x]]");
    assert_eq!(rb("$input.path('$..b')", body), "[[1, 2.5, x]]");
    let bad = render("$input.json('$')", &scope("not json")).unwrap_err();
    assert_eq!(bad.kind, ErrorKind::InvalidJson);
    assert_eq!(rb("$input.body", "not json"), "not json");
    // A map's method asked of a list is null in Velocity: the loop runs no iteration, as on
    // API Gateway (found by the LocalStack conformance test with a JSON array body).
    assert_eq!(
        rb(
            "[#foreach($k in $input.path('$').keySet())$k#end]",
            "[1, 2]"
        ),
        "[]"
    );
    // An empty body reads as `{}`, as on API Gateway (found by the LocalStack conformance test).
    assert_eq!(
        rb("$input.body|$util.urlEncode($input.body)", ""),
        "{}|%7B%7D"
    );
}

#[test]
fn define_renders_its_block_where_referenced() {
    // API Gateway runs Velocity 1.7's `#define`: the block renders with the variables of
    // the moment it is referenced, also inside a string.
    assert_eq!(
        rb(
            "#define($d){\"v\": $input.json('$.a'), \"n\": $n}#end\n#set($n = 1)$d #set($n = 2)#set($t = \"$d\")$t",
            "{\"a\": [1, 2]}"
        ),
        "{\"v\": [1,2], \"n\": 1}{\"v\": [1,2], \"n\": 2}"
    );
    assert_eq!(
        r("#define($d)x#end#set($d = 'y')$d"),
        "y",
        "#set replaces a block"
    );
    assert_eq!(
        err("#define($d)x#end$d.length()").kind,
        ErrorKind::Unsupported
    );
    assert_eq!(
        err("#define($d)[$d]#end$d").kind,
        ErrorKind::Runtime,
        "a block that renders itself stops"
    );
    assert!(err("#define($d)x").message.contains("#define"));
}
