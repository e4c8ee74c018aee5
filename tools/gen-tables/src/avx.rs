//! The VEX/EVEX instruction table of x86 (`assembler/src/arch/x86/avx_optab.rs`), from Go
//! 1.19's `cmd/internal/obj/x86/avx_optabs.go` (which Go itself generates from Intel's XED data
//! with x86avxgen): its operand tables (`var _yXXX = []ytab{...}`) and its `avxOptab` rows.
//!
//! The rows' opcode bytes are Go constant expressions (`avxEscape | vex128 | vex66 | vex0F |
//! vexWIG, 0xEF`); they are evaluated here with the `vex*` constants of `asm6.go` and the
//! `evex*` ones of `evex.go`, so the committed table holds the numbers Go's encoder reads. The
//! Z cases keep Go's names and order (from `asm6.go`'s `Z*` constants, `Zvex_rm_v_r` to
//! `Zevex_last`), so that "is this an EVEX case" is the same range test as Go's `evexZcase`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

/// One `ytab` line: Z case, zoffset, operand classes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub zcase: String,
    pub zoffset: u8,
    pub args: Vec<String>,
}

/// One `avxOptab` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    pub ytab: String,
    pub bytes: Vec<u8>,
}

/// Everything the generator reads from Go.
#[derive(Clone, Debug)]
pub struct Tables {
    /// Z case names from `Zvex_rm_v_r` through `Zevex_last`, in Go's order.
    pub zcases: Vec<String>,
    /// Operand tables in file order.
    pub ytabs: Ytabs,
    pub rows: Vec<Row>,
}

/// The `Z*` constants of asm6.go's `Zxxx = iota` block from the first VEX case on.
pub fn parse_zcases(asm6: &str) -> Result<Vec<String>, String> {
    let start = asm6.find("\tZvex_rm_v_r\n").ok_or("asm6.go: no Zvex_rm_v_r")?;
    let end = asm6[start..].find("\tZevex_last\n").ok_or("asm6.go: no Zevex_last")? + start;
    let mut v: Vec<String> = asm6[start..end].lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
    v.push("Zevex_last".into());
    if !v.iter().all(|z| z.starts_with("Zvex") || z.starts_with("Zevex")) {
        return Err(format!("asm6.go: unexpected Z case list {v:?}"));
    }
    Ok(v)
}

fn field<'a>(s: &'a str, key: &str) -> Result<&'a str, String> {
    let at = s.find(key).ok_or_else(|| format!("no `{key}` in {s:?}"))?;
    Ok(s[at + key.len()..].trim_start())
}

fn ident(s: &str) -> &str {
    let n = s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(s.len());
    &s[..n]
}

fn literal(s: &str) -> Option<i64> {
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        i64::from_str_radix(h, 16).ok()
    } else if s.len() > 1 && s.starts_with('0') {
        // opcode-extension digits are written in octal
        i64::from_str_radix(&s[1..], 8).ok()
    } else {
        s.parse().ok()
    }
}

/// `a | b | 0x12` with named constants from `env`.
fn eval_or(expr: &str, env: &HashMap<String, i64>) -> Result<u8, String> {
    let mut v = 0i64;
    for part in expr.split('|') {
        let p = part.trim();
        let x = literal(p).or_else(|| env.get(p).copied()).ok_or_else(|| format!("unknown constant {p:?}"))?;
        v |= x;
    }
    u8::try_from(v).map_err(|_| format!("{expr:?} does not fit a byte"))
}

/// The operand tables, by name, in file order.
pub type Ytabs = Vec<(String, Vec<Line>)>;

/// Parses avx_optabs.go with the constants in `env`.
pub fn parse_avx_optabs(go: &str, env: &HashMap<String, i64>) -> Result<(Ytabs, Vec<Row>), String> {
    let mut ytabs = Vec::new();
    let mut rest = go;
    while let Some(at) = rest.find("\nvar _y") {
        let body = &rest[at + 5..];
        let name = ident(body).to_string();
        let open = body.find("[]ytab{\n").ok_or_else(|| format!("{name}: not a ytab list"))?;
        let end = body.find("\n}\n").ok_or_else(|| format!("{name}: unterminated"))?;
        let mut lines = Vec::new();
        for l in body[open + 8..end].lines() {
            let l = l.trim();
            if l.is_empty() {
                continue;
            }
            let zcase = ident(field(l, "zcase:")?).to_string();
            let zo = field(l, "zoffset:")?;
            let zoffset: u8 = zo[..zo.find(',').ok_or("zoffset")?].trim().parse().map_err(|e| format!("{l}: {e}"))?;
            let a = field(l, "args: argList{")?;
            let a = &a[..a.find('}').ok_or("args")?];
            let args: Vec<String> = a.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
            if args.len() > 6 || !args.iter().all(|y| y.starts_with('Y')) {
                return Err(format!("{name}: unexpected operands in {l:?}"));
            }
            lines.push(Line { zcase, zoffset, args });
        }
        if lines.is_empty() {
            return Err(format!("{name}: empty"));
        }
        ytabs.push((name, lines));
        rest = &body[end..];
    }
    let start = go.find("var avxOptab = [...]Optab{\n").ok_or("no `var avxOptab`")?;
    let body = &go[start..];
    let end = body.find("\n}\n").ok_or("unterminated avxOptab")?;
    let mut rows = Vec::new();
    for ent in body[..end].split("{as: ").skip(1) {
        let name = ident(ent);
        let name = name.strip_prefix('A').ok_or_else(|| format!("{name}: not an A-constant"))?.to_string();
        let ytab = ident(field(ent, "ytab:")?).to_string();
        let prefix = ident(field(ent, "prefix:")?);
        if prefix != "Pavx" {
            return Err(format!("{name}: prefix {prefix}"));
        }
        let ops = field(ent, "op: opBytes{")?;
        let ops = &ops[..ops.find('}').ok_or("opBytes")?];
        let mut bytes = Vec::new();
        for e in ops.split(',') {
            let e = e.trim();
            if !e.is_empty() {
                bytes.push(eval_or(e, env).map_err(|m| format!("{name}: {m}"))?);
            }
        }
        if !ytabs.iter().any(|(n, _)| *n == ytab) {
            return Err(format!("{name}: unknown ytab {ytab}"));
        }
        rows.push(Row { name, ytab, bytes });
    }
    if rows.is_empty() {
        return Err("empty avxOptab".into());
    }
    Ok((ytabs, rows))
}

/// The `vex*`/`evex*`/`avxEscape` constants of asm6.go and evex.go.
pub fn vex_consts(asm6: &str, evex: &str) -> HashMap<String, i64> {
    let mut env = HashMap::new();
    for c in crate::consts::parse_consts(asm6).into_iter().chain(crate::consts::parse_consts(evex)) {
        if c.name.starts_with("vex") || c.name.starts_with("evex") || c.name == "avxEscape" {
            env.insert(c.name, c.value);
        }
    }
    env
}

pub fn read(goroot: &Path) -> Result<Tables, String> {
    let dir = goroot.join("src/cmd/internal/obj/x86");
    let rd = |f: &str| std::fs::read_to_string(dir.join(f)).map_err(|e| format!("{}: {e}", dir.join(f).display()));
    let asm6 = rd("asm6.go")?;
    let evex = rd("evex.go")?;
    let avx = rd("avx_optabs.go")?;
    let env = vex_consts(&asm6, &evex);
    for need in ["avxEscape", "vex256", "vex0F3A", "vexW1", "evex512", "evexN64", "evexBcstN8", "evexSaeEnabled"] {
        if !env.contains_key(need) {
            return Err(format!("constant {need} not found in asm6.go/evex.go"));
        }
    }
    let zcases = parse_zcases(&asm6)?;
    let (ytabs, rows) = parse_avx_optabs(&avx, &env).map_err(|e| format!("avx_optabs.go: {e}"))?;
    for (n, lines) in &ytabs {
        for l in lines {
            if !zcases.contains(&l.zcase) {
                return Err(format!("{n}: unknown Z case {}", l.zcase));
            }
        }
    }
    Ok(Tables { zcases, ytabs, rows })
}

/// The Rust source of `avx_optab.rs`.
pub fn render(t: &Tables, go_version: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "//! x86 VEX/EVEX instruction table, generated by `cargo run -p gen-tables` from Go {go_version}'s\n\
         //! cmd/internal/obj/x86/avx_optabs.go (operand tables and `avxOptab`), with the opcode-byte\n\
         //! expressions evaluated from the `vex*`/`evex*` constants of asm6.go and evex.go, and the\n\
         //! Z cases of asm6.go. Do not edit: regenerate.\n"
    );
    s.push_str("#![allow(non_camel_case_types, dead_code, clippy::all)]\n\n");
    s.push_str("use super::anames;\nuse super::optab::Y::{self, *};\nuse crate::prog::Op;\n\n");
    s.push_str("/// Go's VEX/EVEX `Z*` cases, in Go's order.\n#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]\npub enum Zv {\n");
    for z in &t.zcases {
        let _ = writeln!(s, "    {z},");
    }
    s.push_str("}\n\n");
    s.push_str(
        "/// One operand-table line (Go's `ytab`): up to six operand classes, padded with `Yxxx`.\n\
         #[derive(Clone, Copy, Debug)]\n\
         pub struct AvxYtab {\n    pub z: Zv,\n    pub zoffset: u8,\n    pub args: [Y; 6],\n}\n\n\
         /// One `avxOptab` row: the opcode, its operand table and Go's `opBytes`.\n\
         #[derive(Clone, Copy, Debug)]\n\
         pub struct AvxOptab {\n    pub name: &'static str,\n    pub op: Op,\n    pub ytab: &'static [AvxYtab],\n    pub bytes: &'static [u8],\n}\n\n\
         const fn y(z: Zv, zoffset: u8, args: [Y; 6]) -> AvxYtab {\n    AvxYtab { z, zoffset, args }\n}\n\n",
    );
    for (name, lines) in &t.ytabs {
        let _ = writeln!(s, "static {}: &[AvxYtab] = &[", name.trim_start_matches('_').to_ascii_uppercase());
        for l in lines {
            let mut a = l.args.clone();
            a.resize(6, "Yxxx".into());
            let _ = writeln!(s, "    y(Zv::{}, {}, [{}]),", l.zcase, l.zoffset, a.join(", "));
        }
        s.push_str("];\n");
    }
    let _ = writeln!(s, "\npub static AVX_OPTAB: [AvxOptab; {}] = [", t.rows.len());
    for r in &t.rows {
        let b: Vec<String> = r.bytes.iter().map(|x| format!("{x:#04x}")).collect();
        let _ = writeln!(
            s,
            "    AvxOptab {{ name: \"{0}\", op: anames::{0}, ytab: {1}, bytes: &[{2}] }},",
            r.name,
            r.ytab.trim_start_matches('_').to_ascii_uppercase(),
            b.join(", ")
        );
    }
    s.push_str("];\n");
    s
}

pub fn generate(goroot: &Path, go_version: &str) -> Result<String, String> {
    Ok(render(&read(goroot)?, go_version))
}
