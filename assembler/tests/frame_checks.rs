//! The frame checks follow control flow, as the unwind tables do: SP balance at each RET
//! (E0403) and agreement where paths join (W0404) are judged by the paths that reach an
//! instruction, not by layout order.

mod common;

use common::verify_object;
use p9asm::driver::AsmOptions;
use p9asm::target::GoArch;
use p9asm_macros::{Diagnostics, SourceMap};

/// (code, line, column) of each diagnostic.
type Found = Vec<(String, u32, u32)>;

fn asm(src: &str) -> (Found, Option<Vec<u8>>) {
    let opts = AsmOptions::new(GoArch::Amd64);
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new(usize::MAX);
    let src = format!("#include \"textflag.h\"\n{src}");
    let a = p9asm::assemble_source("t.s", None, src.into_bytes(), &opts, &mut sources, &mut diags);
    let found = diags
        .list
        .iter()
        .map(|d| {
            let (l, c) = d.origin.map(|o| sources.line_col(o.span)).unwrap_or((0, 0));
            (d.code.to_string(), l, c)
        })
        .collect();
    (found, a.object)
}

/// (pc, CFA offset from RSP) rows of the only FDE, as gimli reads `.eh_frame`.
fn cfa_rows(obj: &[u8]) -> Vec<(u64, i64)> {
    use gimli::{BaseAddresses, CieOrFde, EhFrame, NativeEndian, UnwindContext, UnwindSection};
    use object::{Object, ObjectSection};
    let file = object::File::parse(obj).unwrap();
    let data = file.section_by_name(".eh_frame").unwrap().data().unwrap();
    let eh = EhFrame::new(data, NativeEndian);
    // in an object the FDE's pc-relative start is 0 plus a relocation: rows are read relative to it
    let bases = BaseAddresses::default().set_eh_frame(0);
    let mut entries = eh.entries(&bases);
    let mut ctx = UnwindContext::new();
    let mut rows = Vec::new();
    while let Some(e) = entries.next().unwrap() {
        let CieOrFde::Fde(partial) = e else { continue };
        let fde = partial.parse(EhFrame::cie_from_offset).unwrap();
        let mut table = fde.rows(&eh, &bases, &mut ctx).unwrap();
        while let Some(row) = table.next_row().unwrap() {
            let gimli::CfaRule::RegisterAndOffset { offset, .. } = row.cfa() else { panic!("CFA rule") };
            rows.push((row.start_address() - fde.initial_address(), *offset));
        }
    }
    rows
}

const TWOPATHS: &str = "\
TEXT ·twopaths(SB), NOSPLIT, $0-8
	MOVQ	x+0(FP), AX
	SUBQ	$32, SP
	CMPQ	AX, $0
	JEQ	other
	ADDQ	$32, SP
	RET
other:
	ADDQ	$32, SP
	RET
";

#[test]
fn each_ret_is_judged_by_the_paths_that_reach_it() {
    let (found, obj) = asm(TWOPATHS);
    assert!(found.is_empty(), "{found:?}");
    let obj = obj.expect("object");
    verify_object(&obj).unwrap();
    // mov(5) sub(4) cmp(4) je(2) add(4) ret(1) | other: add(4) ret(1)
    assert_eq!(cfa_rows(&obj), [(0x0, 8), (0x9, 40), (0x13, 8), (0x14, 40), (0x18, 8)]);
}

#[test]
fn a_path_that_reaches_ret_unbalanced_is_an_error_even_if_layout_order_balances() {
    // in layout order the ADDQ comes before `l`, but the JEQ path skips it
    let (found, obj) =
        asm("TEXT ·j(SB), NOSPLIT, $0-8\n\tSUBQ $16, SP\n\tCMPQ AX, $0\n\tJEQ l\n\tADDQ $16, SP\nl:\n\tRET\n");
    assert_eq!(found, [("E0403".to_string(), 8, 2)]);
    assert!(obj.is_none());
    // and a RET only layout order reaches unbalanced is not one: nothing jumps past the JMP
    let (found, obj) = asm(
        "TEXT ·k(SB), NOSPLIT, $0-8\n\tSUBQ $16, SP\n\tADDQ $16, SP\n\tJMP done\n\tADDQ $8, SP\n\tRET\ndone:\n\tRET\n",
    );
    assert!(found.is_empty(), "{found:?}");
    verify_object(&obj.unwrap()).unwrap();
}

#[test]
fn joins_with_different_deltas_warn_where_they_join() {
    let (found, obj) = asm(
        "TEXT ·w(SB), NOSPLIT, $0-8\n\tCMPQ AX, $0\n\tJEQ l\n\tPUSHQ AX\nl:\n\tNOP\n\tMOVQ $0, AX\n\tCMPQ AX, $1\n\tRET\n",
    );
    // the MOVQ after the join is reached with SP 0 and 8: W0404; the RET then with 8 or 0
    assert!(found.iter().any(|f| f.0 == "W0404"), "{found:?}");
    assert!(found.iter().any(|f| f.0 == "E0403"), "{found:?}");
    assert!(obj.is_none());
}
