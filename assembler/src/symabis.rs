//! `-gensymabis`: Go's symbol-ABI file, which `go build` gives the compiler (`-symabis`) so
//! that Go code calling an assembly function uses the function's ABI.
//!
//! The format (cmd/compile/internal/ssagen.ReadSymABIs) is one line per TEXT definition and
//! per reference to a function-like address: `def NAME ABI` and `ref NAME ABI`. Go 1.19's
//! assembler (cmd/asm/internal/asm.Parser.symDefRef) writes them from the preprocessed
//! statements without assembling anything; this module does the same, line for line:
//!
//! * `TEXT sym(SB), ...` → `def sym ABI0`;
//! * every other operand of the form `[$|*]sym[<ABI>][+N](SB)` (nothing after it) → `ref`,
//!   except DATA's and FUNCDATA's first operand; `name<>` statics are never listed;
//! * names are written as Go's lexer spells them: `·f` → `"".f`, `∕` → `/`;
//! * the ABI is `ABI0` unless `-compiling-runtime` is given and the name carries a valid
//!   `<ABI0>` or `<ABIInternal>` selector.

use p9asm_macros::{Diagnostics, Kind, SourceMap, Token};

use crate::driver::{AsmOptions, Input};

/// The symabis text of `inputs` (each file preprocessed on its own, as when assembling).
pub fn symabis(
    inputs: Vec<Input>,
    opts: &AsmOptions,
    compiling_runtime: bool,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> String {
    let pp_opts = opts.preprocessor_options();
    let mut out = String::new();
    let mut buf = Vec::new();
    for input in inputs {
        let mut pp = p9asm_macros::preprocess::Preprocessor::new(sources, &pp_opts, diags.max_errors);
        pp.begin(input.name, input.path, input.bytes);
        loop {
            buf.clear();
            let more = pp.next_chunk(&mut buf);
            for stmt in p9asm_macros::expand::statements(&buf) {
                def_ref(sources, stmt, compiling_runtime, &mut out);
            }
            if !more {
                break;
            }
        }
        let pp_diags = std::mem::replace(&mut pp.diags, Diagnostics::new(diags.max_errors));
        diags.extend(pp_diags);
    }
    out
}

/// One statement's `def`/`ref` lines (Go's `symDefRef`).
fn def_ref(sources: &SourceMap, stmt: &[Token], compiling_runtime: bool, out: &mut String) {
    let mut i = 0;
    // labels `name:`
    while i + 1 < stmt.len() && stmt[i].kind == Kind::Ident && stmt[i + 1].is(b':') {
        i += 2;
    }
    let Some(word) = stmt.get(i).filter(|t| t.kind == Kind::Ident) else { return };
    let word = sources.text(word.span);
    i += 1;
    // opcode suffixes (`MOVW.P`)
    while i + 1 < stmt.len() && stmt[i].is(b'.') && stmt[i + 1].kind == Kind::Ident {
        i += 2;
    }
    let mut operands: Vec<&[Token]> = Vec::new();
    let (mut depth, mut start) = (0i32, i);
    for (k, t) in stmt.iter().enumerate().skip(i) {
        if t.is(b'(') {
            depth += 1;
        } else if t.is(b')') {
            depth -= 1;
        } else if t.is(b',') && depth == 0 {
            operands.push(&stmt[start..k]);
            start = k + 1;
        }
    }
    if start < stmt.len() {
        operands.push(&stmt[start..]);
    }
    let mut line = |kind: &str, op: &[Token]| {
        if let Some((name, abi)) = func_address(sources, op, compiling_runtime) {
            out.push_str(&format!("{kind} {name} {abi}\n"));
        }
    };
    match word {
        "TEXT" => {
            if let Some(op) = operands.first() {
                line("def", op);
            }
            return;
        }
        "DATA" | "FUNCDATA" => {
            if operands.len() < 2 {
                return;
            }
            operands.remove(0);
        }
        _ => {}
    }
    for op in operands {
        line("ref", op);
    }
}

/// `[$|*]sym[<abi>][+Int](SB)` and nothing more: the name as Go spells it and the ABI.
fn func_address(sources: &SourceMap, op: &[Token], compiling_runtime: bool) -> Option<(String, &'static str)> {
    let mut i = 0;
    if op.first().is_some_and(|t| t.is(b'$') || t.is(b'*')) {
        i += 1;
    }
    let name = op.get(i).filter(|t| t.kind == Kind::Ident)?;
    let name = sources.text(name.span);
    i += 1;
    let mut abi = "ABI0";
    if op.get(i).is_some_and(|t| t.is(b'<')) {
        i += 1;
        let t = op.get(i)?;
        if t.is(b'>') {
            return None; // a static
        }
        if t.kind == Kind::Ident {
            if compiling_runtime {
                abi = match sources.text(t.span) {
                    "ABI0" => "ABI0",
                    "ABIInternal" => "ABIInternal",
                    _ => "ABI0",
                };
            }
            i += 1;
        }
        if !op.get(i)?.is(b'>') {
            return None;
        }
        i += 1;
    }
    if op.get(i).is_some_and(|t| t.is(b'+')) {
        if op.get(i + 1)?.kind != Kind::Int {
            return None;
        }
        i += 2;
    }
    let rest = op.get(i..)?;
    let sb = rest.len() == 3
        && rest[0].is(b'(')
        && rest[1].kind == Kind::Ident
        && sources.text(rest[1].span) == "SB"
        && rest[2].is(b')');
    if !sb {
        return None;
    }
    let go_name = match name.strip_prefix('·') {
        Some(rest) => format!("\"\".{rest}"),
        None => name.to_string(),
    };
    Some((go_name.replace('·', ".").replace('∕', "/"), abi))
}
