//! Preprocessor + parser on arbitrary bytes: must not panic, hang or overflow the stack, and every
//! diagnostic must point inside its file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use p9asm::arch::for_goarch;
use p9asm::sym::Symbols;
use p9asm::{GoArch, syntax};
use p9asm_macros::diag::{self, Diagnostics};
use p9asm_macros::{Options, SourceMap, preprocess_bytes};

fuzz_target!(|data: &[u8]| {
    let opts = Options { goarch: Some("amd64".into()), goos: Some("linux".into()), ..Options::default() };
    let arch = for_goarch(GoArch::Amd64);
    let mut sm = SourceMap::new();
    let mut diags = Diagnostics::default();
    let exp = preprocess_bytes("fuzz.s".into(), None, data.to_vec(), &opts, &mut sm, &mut diags);
    let (program, _syms) = syntax::parse(&exp.tokens, &sm, arch, Symbols::new(), &mut diags);
    for d in &diags.list {
        if let Some(o) = d.origin {
            let len = sm.file(o.span.file).text.len();
            assert!(o.span.start <= o.span.end && o.span.end as usize <= len, "{d:?}");
        }
        for (s, _) in &d.labels {
            assert!(s.start <= s.end && s.end as usize <= sm.file(s.file).text.len(), "{d:?}");
        }
        let _ = diag::render(d, &sm, false);
    }
    let _ = p9asm_macros::expand::render(&sm, &exp.tokens);
    std::hint::black_box(program);
});
