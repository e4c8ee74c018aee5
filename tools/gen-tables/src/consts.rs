//! Go constant blocks to Rust constants: `const ( NAME = expr + iota ... )` as Go evaluates them
//! (an omitted expression repeats the previous one with the next `iota`), for the register
//! numbers, operand classes and special operands of `a.out.go`, and the system-register table
//! of `sysRegEnc.go`. Only integer constant expressions are evaluated (`+ - * << >> | & &^`,
//! parentheses, earlier constants, `iota`, `obj.RBase*`); a constant whose expression cannot be
//! evaluated (opcodes based on `obj.ABase*`) is skipped.

use std::collections::HashMap;
use std::fmt::Write as _;

/// One evaluated constant, in source order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Const {
    pub name: String,
    pub value: i64,
}

/// Values of the `obj` package constants the arch files refer to.
fn obj_const(name: &str) -> Option<i64> {
    Some(match name {
        "obj.RBaseARM64" => 8 * 1024,
        "obj.RBaseARM" => 3 * 1024,
        "obj.RBasePPC64" => 4 * 1024,
        "obj.RBaseMIPS" => 6 * 1024,
        "obj.RBaseS390X" => 7 * 1024,
        "obj.RBaseAMD64" => 2 * 1024,
        _ => return None,
    })
}

fn strip_comment(line: &str) -> &str {
    let mut s = line;
    if let Some(i) = s.find("//") {
        s = &s[..i];
    }
    if let Some(i) = s.find("/*") {
        s = &s[..i];
    }
    s.trim()
}

/// Every constant of every `const` declaration of `go`, evaluated where possible.
pub fn parse_consts(go: &str) -> Vec<Const> {
    let mut env: HashMap<String, i64> = HashMap::new();
    let mut out = Vec::new();
    let mut lines = go.lines();
    let define = |name: &str, expr: &str, iota: i64, env: &mut HashMap<String, i64>, out: &mut Vec<Const>| {
        if name == "_" {
            return;
        }
        if let Some(v) = eval(expr, iota, env) {
            env.insert(name.to_string(), v);
            out.push(Const { name: name.to_string(), value: v });
        }
    };
    while let Some(line) = lines.next() {
        let l = strip_comment(line);
        if l == "const (" {
            let mut iota = 0i64;
            let mut last = String::new();
            for line in lines.by_ref() {
                let l = strip_comment(line);
                if l == ")" {
                    break;
                }
                if l.is_empty() {
                    continue;
                }
                let (lhs, expr) = match l.split_once('=') {
                    Some((lhs, rhs)) => (lhs.trim(), rhs.trim().to_string()),
                    None => (l, last.clone()),
                };
                // `NAME Type = expr`: drop the type
                let name = lhs.split_whitespace().next().unwrap_or("");
                define(name, &expr, iota, &mut env, &mut out);
                last = expr;
                iota += 1;
            }
        } else if let Some(rest) = l.strip_prefix("const ")
            && let Some((lhs, rhs)) = rest.split_once('=')
        {
            let name = lhs.split_whitespace().next().unwrap_or("");
            define(name, rhs.trim(), 0, &mut env, &mut out);
        }
    }
    out
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(i64),
    Id(String),
    Op(&'static str),
}

fn lex(s: &str) -> Option<Vec<Tok>> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut v = Vec::new();
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let st = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            let t = s[st..i].replace('_', "");
            let n = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                i64::from_str_radix(h, 16).ok()?
            } else {
                t.parse().ok()?
            };
            v.push(Tok::Num(n));
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let st = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'.') {
                i += 1;
            }
            v.push(Tok::Id(s[st..i].to_string()));
        } else {
            let two = s.get(i..i + 2).unwrap_or("");
            let op: &'static str = match two {
                "<<" => "<<",
                ">>" => ">>",
                "&^" => "&^",
                _ => match c {
                    b'+' => "+",
                    b'-' => "-",
                    b'*' => "*",
                    b'|' => "|",
                    b'&' => "&",
                    b'(' => "(",
                    b')' => ")",
                    _ => return None,
                },
            };
            i += op.len();
            v.push(Tok::Op(op));
        }
    }
    Some(v)
}

struct Ev<'a> {
    t: Vec<Tok>,
    i: usize,
    iota: i64,
    env: &'a HashMap<String, i64>,
}

impl Ev<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.t.get(self.i)
    }
    fn unary(&mut self) -> Option<i64> {
        let t = self.peek()?.clone();
        self.i += 1;
        match t {
            Tok::Num(n) => Some(n),
            Tok::Id(id) if id == "iota" => Some(self.iota),
            Tok::Id(id) => self.env.get(&id).copied().or_else(|| obj_const(&id)),
            Tok::Op("-") => Some(-self.unary()?),
            Tok::Op("+") => self.unary(),
            Tok::Op("(") => {
                let v = self.binary(0)?;
                (self.peek() == Some(&Tok::Op(")"))).then(|| self.i += 1)?;
                Some(v)
            }
            _ => None,
        }
    }
    /// Go precedence: `* << >> & &^` bind tighter (5) than `+ - |` (4).
    fn binary(&mut self, min: u8) -> Option<i64> {
        let mut l = self.unary()?;
        loop {
            let (op, prec) = match self.peek() {
                Some(Tok::Op(o @ ("*" | "<<" | ">>" | "&" | "&^"))) => (*o, 5),
                Some(Tok::Op(o @ ("+" | "-" | "|"))) => (*o, 4),
                _ => return Some(l),
            };
            if prec < min {
                return Some(l);
            }
            self.i += 1;
            let r = self.binary(prec + 1)?;
            l = match op {
                "*" => l.wrapping_mul(r),
                "<<" => l.checked_shl(r as u32)?,
                ">>" => l >> r,
                "&" => l & r,
                "&^" => l & !r,
                "+" => l.wrapping_add(r),
                "-" => l.wrapping_sub(r),
                "|" => l | r,
                _ => unreachable!(),
            };
        }
    }
}

fn eval(expr: &str, iota: i64, env: &HashMap<String, i64>) -> Option<i64> {
    let t = lex(expr)?;
    let mut e = Ev { t, i: 0, iota, env };
    let v = e.binary(0)?;
    (e.i == e.t.len()).then_some(v)
}

/// The stringer table `_T_name`/`_T_index` of a `*_string.go` file: names by value.
pub fn parse_stringer(go: &str) -> Result<Vec<String>, String> {
    let name_start = go.find("_name = \"").ok_or("no _name")? + 9;
    let name_end = name_start + go[name_start..].find('"').ok_or("unterminated _name")?;
    let names = &go[name_start..name_end];
    let idx_start = go.find("_index = [...]").ok_or("no _index")?;
    let open = idx_start + go[idx_start..].find('{').ok_or("no {")? + 1;
    let close = open + go[open..].find('}').ok_or("no }")?;
    let idx: Vec<usize> =
        go[open..close].split(',').map(|s| s.trim()).filter(|s| !s.is_empty()).map(|s| s.parse().unwrap()).collect();
    Ok(idx.windows(2).map(|w| names[w[0]..w[1]].to_string()).collect())
}

/// The string literals of `var x = []string{ "A", "B", ... }`.
pub fn parse_string_list(go: &str, start: &str) -> Result<Vec<String>, String> {
    let at = go.find(start).ok_or_else(|| format!("no {start}"))? + start.len();
    let end = at + go[at..].find("\n}").ok_or("unterminated list")?;
    Ok(go[at..end]
        .lines()
        .map(|l| strip_comment(l).trim_end_matches(','))
        .filter(|l| l.starts_with('"'))
        .map(|l| l.trim_matches('"').to_string())
        .collect())
}

/// The rows `{"NAME", REG_NAME, 0xENC, FLAGS}` of `sysRegEnc.go`'s `SystemReg`.
pub fn parse_sysregs(go: &str, env: &HashMap<String, i64>) -> Result<Vec<(String, i64, i64, i64)>, String> {
    let start = go.find("var SystemReg = []struct").ok_or("no SystemReg")?;
    let body = &go[start..];
    let open = body.find("}{").ok_or("no }{")? + 2;
    let mut rows = Vec::new();
    for line in body[open..].lines() {
        let l = line.trim();
        if l == "}" {
            break;
        }
        let Some(inner) = l.strip_prefix('{').and_then(|s| s.strip_suffix("},")) else { continue };
        let f: Vec<&str> = inner.split(',').map(|s| s.trim()).collect();
        if f.len() != 4 {
            return Err(format!("bad SystemReg row {l}"));
        }
        let name = f[0].trim_matches('"').to_string();
        let reg = eval(f[1], 0, env).ok_or_else(|| format!("bad reg {}", f[1]))?;
        let enc = eval(f[2], 0, env).ok_or_else(|| format!("bad enc {}", f[2]))?;
        let flags = eval(f[3], 0, env).ok_or_else(|| format!("bad flags {}", f[3]))?;
        rows.push((name, reg, enc, flags));
    }
    Ok(rows)
}

/// Which constants of a.out.go / sysRegEnc.go the arm64 back end takes.
fn wanted(name: &str) -> bool {
    ["REG", "C_", "ARNG_", "SPOP_", "SHIFT_", "SYSREG_", "SR_", "FREG"].iter().any(|p| name.starts_with(p))
        || name == "NREG"
        || name == "NFREG"
}

/// `assembler/src/arch/arm64/aout.rs`: the constants of Go's a.out.go and sysRegEnc.go, the
/// special-operand names and the system-register table.
pub fn generate_arm64(goroot: &std::path::Path, go_version: &str) -> Result<String, String> {
    let dir = goroot.join("src/cmd/internal/obj/arm64");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).map_err(|e| format!("{f}: {e}"));
    let aout = read("a.out.go")?;
    let sysreg = read("sysRegEnc.go")?;
    let spop = read("specialoperand_string.go")?;
    // sysRegEnc.go refers to REG_SPECIAL from a.out.go: evaluate them as one file
    let all = parse_consts(&format!("{aout}\n{sysreg}"));
    let env: HashMap<String, i64> = all.iter().map(|c| (c.name.clone(), c.value)).collect();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "//! Go {go_version}'s arm64 constants (cmd/internal/obj/arm64/a.out.go, sysRegEnc.go,\n\
         //! specialoperand_string.go), generated by `cargo run -p gen-tables`. Do not edit: regenerate.\n\
         //!\n\
         //! Register numbers are Go's (`REG_R0 = obj.RBaseARM64 + 0`), so the encoder ports Go's\n\
         //! arithmetic on them unchanged.\n"
    );
    s.push_str("#![allow(dead_code, non_upper_case_globals)]\n\n");
    let mut seen = std::collections::HashSet::new();
    for c in &all {
        if !wanted(&c.name) || !seen.insert(c.name.clone()) {
            continue;
        }
        let _ = writeln!(s, "pub const {}: i64 = {};", c.name, c.value);
    }
    let names = parse_stringer(&spop)?;
    let _ = writeln!(s, "\n/// `SpecialOperand.String()`: the name of each `SPOP_*` value.");
    let _ = writeln!(s, "pub static SPOP_NAMES: [&str; {}] = [", names.len());
    for n in &names {
        let _ = writeln!(s, "    \"{n}\",");
    }
    s.push_str("];\n");
    let cnames = parse_string_list(&read("anames7.go")?, "var cnames7 = []string{")?;
    let _ = writeln!(s, "\n/// `cnames7` (anames7.go): the name of each operand class `C_*`, for diagnostics.");
    let _ = writeln!(s, "pub static CNAMES: [&str; {}] = [", cnames.len());
    for n in &cnames {
        let _ = writeln!(s, "    \"{n}\",");
    }
    s.push_str("];\n");
    let rows = parse_sysregs(&sysreg, &env)?;
    let _ = writeln!(s, "\n/// `SystemReg`: name, register number, encoding, access flags (`SR_READ`, `SR_WRITE`).");
    let _ = writeln!(s, "pub static SYSTEM_REG: [(&str, i64, u32, u8); {}] = [", rows.len());
    for (n, r, e, f) in &rows {
        let _ = writeln!(s, "    (\"{n}\", {r}, {e:#x}, {f}),");
    }
    s.push_str("];\n");
    Ok(s)
}
