//! The whole assembler on arbitrary bytes: streaming preprocessor and parser, the back-end
//! thread, frames, CFI, the ELF writer and the `-S` listing. It must not panic, hang or overflow
//! the stack; with errors it writes no object, and without errors it writes one that passes the
//! object verifier the tests use (no name both defined and undefined, no duplicate definition,
//! no undefined local symbol).

#![no_main]

use libfuzzer_sys::fuzz_target;
use p9asm::GoArch;
use p9asm::driver::AsmOptions;
use p9asm_macros::{Diagnostics, SourceMap};

#[path = "../../assembler/tests/common/verify.rs"]
mod verify;

fuzz_target!(|data: &[u8]| {
    let mut opts = AsmOptions::new(GoArch::Amd64);
    opts.listing = true;
    let mut sm = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    let a = p9asm::assemble_source("fuzz.s", None, data.to_vec(), &opts, &mut sm, &mut diags);
    let _ = diags.render(&sm, false);
    for d in &diags.list {
        assert!(p9asm_macros::diag::CODES.iter().any(|c| c.0 == d.code), "uncatalogued code {}", d.code);
    }
    if diags.has_errors() {
        assert!(a.object.is_none(), "errors, but an object");
    } else {
        let obj = a.object.as_deref().expect("no errors, but no object");
        if let Err(e) = verify::verify_object(obj) {
            panic!("bad object: {e}");
        }
    }
});
