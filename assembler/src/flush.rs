//! Go's `Flushplist` work between parsing and the per-arch passes (cmd/internal/obj/plist.go):
//! FUNCDATA symbol rewriting and the FUNCDATA the assembler adds to `·name` functions.

use p9asm_macros::{Diag, Diagnostics};
use rustc_hash::FxHashSet;

use crate::prog::{Addr, Func, Mem, Name, Op, Prog};
use crate::sym::{SymId, Symbols};

pub const FUNCDATA_ARGS_POINTER_MAPS: i64 = 0;
pub const FUNCDATA_LOCALS_POINTER_MAPS: i64 = 1;
pub const FUNCDATA_ARG_INFO: i64 = 5;

/// The symbol NO_LOCAL_POINTERS refers to. Go 1.19 synthesizes a content-addressed
/// `gclocals·…` symbol; p9asm references the runtime's `runtime.no_pointers_stackmap` (as Go
/// did in 2016) so the object needs no private copy.
pub const NO_POINTERS_STACKMAP: &str = "runtime.no_pointers_stackmap";

/// Rewrites FUNCDATA operands and, when `implicit` is set, adds the FUNCDATA Go adds to `·name`
/// functions (`args_stackmap`, `arginfo0`). Those name symbols only Go's compiler defines, so
/// p9asm shows them in listings (`implicit` is set for `-S`) but never records them in the
/// object: with or without a listing the object is the same.
pub fn flush(f: &mut Func, syms: &Symbols, diags: &mut Diagnostics, implicit: bool) {
    let fname = syms.name(f.sym).to_string();
    let mut seen = FxHashSet::default();
    for p in f.progs.iter_mut() {
        if p.op != Op::FUNCDATA {
            continue;
        }
        let idx = p.arg(0).imm().unwrap_or(-1);
        if !seen.insert(idx) {
            diags.push(Diag::error("E0305", p.origin, format!("multiple definitions for FUNCDATA ${idx} in {fname}")));
        }
        let Some(Addr::Mem(m)) = p.args.get_mut(1).map(|o| &mut o.addr) else {
            continue;
        };
        let Some(s) = m.sym else { continue };
        match syms.name(s) {
            "go_args_stackmap" => {
                if idx != FUNCDATA_ARGS_POINTER_MAPS {
                    diags.push(Diag::error(
                        "E0212",
                        p.origin,
                        "FUNCDATA use of go_args_stackmap(SB) without FUNCDATA_ArgsPointerMaps",
                    ));
                }
                m.sym = Some(syms.intern_go(&format!("{fname}.args_stackmap"), false));
            }
            "no_pointers_stackmap" => {
                if idx != FUNCDATA_LOCALS_POINTER_MAPS {
                    diags.push(Diag::error(
                        "E0212",
                        p.origin,
                        "FUNCDATA use of no_pointers_stackmap(SB) without FUNCDATA_LocalsPointerMaps",
                    ));
                }
                m.sym = Some(syms.intern_go(NO_POINTERS_STACKMAP, false));
            }
            _ => {}
        }
    }
    // Go adds them to ABI0 functions only (plist.go: "better to have no stackmap than an
    // incorrect/lying stackmap")
    if implicit && fname.starts_with("\"\".") && syms.get(f.sym).abi == crate::sym::Abi::Abi0 {
        let origin = f.origin;
        let mk = |idx: i64, sym: SymId| {
            Prog::with(
                Op::FUNCDATA,
                origin,
                &[Addr::Imm(idx), Addr::Mem(Mem { name: Name::Extern, sym: Some(sym), ..Mem::default() })],
            )
            .synth()
        };
        // Go inserts each right after TEXT, so ArgInfo ends up first
        let mut added = Vec::with_capacity(2);
        if !seen.contains(&FUNCDATA_ARG_INFO) {
            added.push(mk(FUNCDATA_ARG_INFO, syms.intern_go(&format!("{fname}.arginfo0"), false)));
        }
        if !seen.contains(&FUNCDATA_ARGS_POINTER_MAPS) {
            added.push(mk(FUNCDATA_ARGS_POINTER_MAPS, syms.intern_go(&format!("{fname}.args_stackmap"), false)));
        }
        let added_n = added.len() as u32;
        f.progs.splice(1..1, added);
        // branch targets after the insertion point moved
        let added = added_n;
        if added > 0 {
            for p in f.progs.iter_mut() {
                for a in p.args.iter_mut() {
                    if let Addr::Branch(t) = &mut a.addr
                        && *t >= 1
                        && *t != u32::MAX
                    {
                        *t += added;
                    }
                }
            }
        }
    }
}
