//! `assembler/src/arch/s390x/aout.rs`: the tables of Go's s390x back end, read from its sources
//! so that none is typed by hand: the constants of a.out.go (registers, operand classes, marks),
//! the opcode words `op_*` of asmz.go, asmz.go's `optab` rows and the `opset` aliases of
//! `buildop`, vector.go's `vop` and `singleElementMask` switches, and anamesz.go's `cnamesz`.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::consts::{parse_consts, parse_string_list};

/// Which constants of a.out.go the back end takes.
fn wanted(name: &str) -> bool {
    ["REG", "C_", "DISP", "NREG", "NFREG", "BIG", "LEAF", "BRANCH", "USETMP"].iter().any(|p| name.starts_with(p))
}

/// A Go opcode name as p9asm names it: `AMOVD` → `MOVD` (an `anames` constant), `obj.ATEXT` →
/// `Op::TEXT`.
fn op_ref(go: &str) -> Result<String, String> {
    // a.out.go's aliases ABR = obj.AJMP, ABL = obj.ACALL
    match go {
        "ABR" => return Ok("Op::JMP".into()),
        "ABL" => return Ok("Op::CALL".into()),
        _ => {}
    }
    if let Some(o) = go.strip_prefix("obj.A") {
        return Ok(format!("Op::{o}"));
    }
    go.strip_prefix('A').map(|s| s.to_string()).ok_or_else(|| format!("not an opcode: {go}"))
}

/// The body of `func name(...` up to the closing `\n}`.
fn func_body<'a>(go: &'a str, name: &str) -> Result<&'a str, String> {
    let at = go.find(&format!("func {name}")).ok_or_else(|| format!("no func {name}"))?;
    let end = at + go[at..].find("\n}").ok_or("unterminated func")?;
    Ok(&go[at..end])
}

/// The rows of `var optab = []Optab{`: (handler, opcode, [a1..a6] class names).
pub fn parse_optab(go: &str) -> Result<Vec<(i64, String, [String; 6])>, String> {
    let at = go.find("var optab = []Optab{").ok_or("no optab")?;
    let end = at + go[at..].find("\n}").ok_or("unterminated optab")?;
    let mut rows = Vec::new();
    for line in go[at..end].lines().skip(1) {
        let l = line.trim();
        let Some(inner) = l.strip_prefix('{').and_then(|s| s.strip_suffix("},")) else { continue };
        let mut i = None;
        let mut as_ = None;
        let mut a: [String; 6] = Default::default();
        for a_ in a.iter_mut() {
            *a_ = "C_NONE".into();
        }
        for field in inner.split(',') {
            let (k, v) = field.split_once(':').ok_or_else(|| format!("bad optab field {field:?}"))?;
            let (k, v) = (k.trim(), v.trim());
            match k {
                "i" => i = Some(v.parse::<i64>().map_err(|e| format!("{v}: {e}"))?),
                "as" => as_ = Some(op_ref(v)?),
                _ => {
                    let n: usize =
                        k.strip_prefix('a').and_then(|n| n.parse().ok()).ok_or_else(|| format!("bad key {k}"))?;
                    a[n - 1] = v.to_string();
                }
            }
        }
        rows.push((i.ok_or("row without i")?, as_.ok_or("row without as")?, a));
    }
    Ok(rows)
}

/// `buildop`'s switch: (alias, the opcode whose rows it shares).
pub fn parse_opset(go: &str) -> Result<Vec<(String, String)>, String> {
    let body = func_body(go, "buildop")?;
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in body.lines() {
        let l = line.trim();
        if let Some(c) = l.strip_prefix("case ").and_then(|s| s.strip_suffix(':')) {
            cur = Some(op_ref(c.trim())?);
        } else if let Some(a) = l.strip_prefix("opset(").and_then(|s| s.strip_suffix(", r)")) {
            let base = cur.clone().ok_or("opset outside a case")?;
            out.push((op_ref(a)?, base));
        }
    }
    Ok(out)
}

/// The `case A, B:` / `return x, y, z` pairs of a switch on an opcode: (opcodes, returned values).
fn parse_switch(body: &str) -> Result<Vec<(Vec<String>, String)>, String> {
    let mut out = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    let mut in_case = false;
    for line in body.lines() {
        let l = line.trim();
        if l.starts_with("case ") {
            pending.clear();
            in_case = true;
        }
        if in_case {
            let s = l.strip_prefix("case ").unwrap_or(l);
            let done = s.ends_with(':');
            for n in s.trim_end_matches(':').split(',') {
                let n = n.trim();
                if !n.is_empty() {
                    pending.push(op_ref(n)?);
                }
            }
            if done {
                in_case = false;
            }
            continue;
        }
        if let Some(r) = l.strip_prefix("return ")
            && !pending.is_empty()
        {
            out.push((std::mem::take(&mut pending), r.to_string()));
        }
    }
    Ok(out)
}

/// `assembler/src/arch/s390x/aout.rs`.
pub fn generate(goroot: &std::path::Path, go_version: &str) -> Result<String, String> {
    let dir = goroot.join("src/cmd/internal/obj/s390x");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).map_err(|e| format!("{f}: {e}"));
    let aout = read("a.out.go")?;
    let asmz = read("asmz.go")?;
    let vector = read("vector.go")?;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "//! Go {go_version}'s s390x tables (cmd/internal/obj/s390x: a.out.go constants, asmz.go's `op_*`\n\
         //! words, `optab` and `buildop` aliases, vector.go's `vop` and `singleElementMask`, anamesz.go),\n\
         //! generated by `cargo run -p gen-tables`. Do not edit: regenerate.\n"
    );
    s.push_str("#![allow(dead_code, non_upper_case_globals, clippy::unreadable_literal)]\n\n");
    s.push_str("use super::anames::*;\nuse crate::prog::Op;\n\n");
    let mut seen = std::collections::HashSet::new();
    for c in parse_consts(&aout) {
        if wanted(&c.name) && seen.insert(c.name.clone()) {
            let _ = writeln!(s, "pub const {}: i64 = {};", c.name, c.value);
        }
    }
    s.push('\n');
    let consts = parse_consts(&asmz);
    let env: HashMap<String, i64> = consts.iter().map(|c| (c.name.clone(), c.value)).collect();
    let mut nops = 0;
    for c in &consts {
        if c.name.starts_with("op_") && seen.insert(c.name.clone()) {
            let _ = writeln!(s, "pub const {}: u32 = {:#x};", c.name, c.value);
            nops += 1;
        } else if c.name.starts_with("size") && seen.insert(c.name.clone()) {
            let _ = writeln!(s, "pub const {}: usize = {};", c.name, c.value);
        }
    }
    if nops < 1000 {
        return Err(format!("asmz.go: only {nops} op_ constants"));
    }
    let _ = env;
    let rows = parse_optab(&asmz)?;
    s.push_str(
        "\n/// One row of asmz.go's `optab`: the handler case of `asmout`, the opcode, and the operand\n\
         /// classes of From, Reg, RestArgs[0..3] and To.\n\
         #[derive(Clone, Copy, Debug)]\n\
         pub struct Optab {\n    pub i: u8,\n    pub as_: Op,\n    pub a: [i64; 6],\n}\n\n",
    );
    let _ = writeln!(s, "/// asmz.go's `optab`, in Go's order (Go sorts it by opcode in `buildop`).");
    let _ = writeln!(s, "pub static OPTAB: [Optab; {}] = [", rows.len());
    for (i, as_, a) in &rows {
        let _ = writeln!(s, "    Optab {{ i: {i}, as_: {as_}, a: [{}] }},", a.join(", "));
    }
    s.push_str("];\n");
    let opset = parse_opset(&asmz)?;
    let _ = writeln!(s, "\n/// `buildop`'s `opset(alias, base)`: the alias takes the base opcode's optab rows.");
    let _ = writeln!(s, "pub static OPSET: [(Op, Op); {}] = [", opset.len());
    for (a, b) in &opset {
        let _ = writeln!(s, "    ({a}, {b}),");
    }
    s.push_str("];\n");
    let vop = parse_switch(func_body(&vector, "vop")?)?;
    let n: usize = vop.iter().map(|(v, _)| v.len()).sum();
    let _ = writeln!(s, "\n/// vector.go's `vop`: (mnemonic, opcode, element size, condition setting).");
    let _ = writeln!(s, "pub static VOP: [(Op, u32, u32, u32); {n}] = [");
    for (names, ret) in &vop {
        for nm in names {
            let _ = writeln!(s, "    ({nm}, {ret}),");
        }
    }
    s.push_str("];\n");
    let sem = parse_switch(func_body(&vector, "singleElementMask")?)?;
    let n: usize = sem.iter().map(|(v, _)| v.len()).sum();
    let _ = writeln!(s, "\n/// vector.go's `singleElementMask`: (mnemonic, mask); 0 for the others.");
    let _ = writeln!(s, "pub static SINGLE_ELEMENT_MASK: [(Op, u32); {n}] = [");
    for (names, ret) in &sem {
        for nm in names {
            let _ = writeln!(s, "    ({nm}, {ret}),");
        }
    }
    s.push_str("];\n");
    let cnames = parse_string_list(&read("anamesz.go")?, "var cnamesz = []string{")?;
    let _ = writeln!(s, "\n/// `cnamesz`: the name of each operand class `C_*`, for diagnostics.");
    let _ = writeln!(s, "pub static CNAMES: [&str; {}] = [", cnames.len());
    for n in &cnames {
        let _ = writeln!(s, "    \"{n}\",");
    }
    s.push_str("];\n");
    Ok(s)
}
