//! Bytes -> UTF-8 -> blueprint load + lowering + render + output checks. Anything may come
//! back as diagnostics; a panic, a hang or a blown memory limit is a finding. For inputs that
//! synthesize, the JSON outputs must parse and a second render must be byte-identical; for
//! inputs that fail, every diagnostic must have a code and a location.
#![no_main]

use gatewright::source::Source;
use gatewright::synth;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let src = Source::new("fuzz.yaml", text);
    match synth::synth("fuzz", &src) {
        Ok(bundle) => {
            for f in &bundle.files {
                if f.name.ends_with(".json") {
                    serde_json::from_str::<serde_json::Value>(&f.contents)
                        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", f.name));
                }
            }
            let api = synth::model(&src).expect("a second load of the same text succeeds");
            let again = synth::render(&api);
            assert_eq!(bundle.files, again, "a second render differs");
        }
        Err(diags) => {
            assert!(!diags.is_empty(), "failed without a diagnostic");
            for d in &diags {
                assert!(!d.code.is_empty(), "diagnostic without a code: {d}");
                let loc = d.location.as_ref().expect("diagnostic without a location");
                assert!(
                    loc.line > 0 || !loc.pointer.is_empty(),
                    "diagnostic without a position: {d}"
                );
            }
        }
    }
});
