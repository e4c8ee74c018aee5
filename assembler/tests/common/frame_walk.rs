//! An independent model of each function's frame, derived from the machine code alone: the
//! object's `.text` is disassembled with `llvm-objdump`, and every function is walked along every
//! path from its entry by a per-architecture [`Walker`] that turns one instruction into a frame
//! effect and a control-flow effect. Nothing here reads p9asm's frame model, its pc tables or its
//! listing: the only facts taken from outside the machine code are the ones Go's own `-S` header
//! states about the function (the bytes its prologue allocates and the TOPFRAME flag).
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

/// One disassembled instruction.
#[derive(Clone, Debug)]
pub struct Insn {
    pub addr: u64,
    pub size: u64,
    /// Lower-case mnemonic as the disassembler prints it (`pushq`, `retq`, `jbe`).
    pub mnem: String,
    /// Operands in the disassembler's order (AT&T: sources first, destination last).
    pub ops: Vec<String>,
    /// A relocation applies to the instruction's bytes (a call or jump to a symbol).
    pub reloc: bool,
    pub text: String,
}

/// A function of the object: its symbol, range and instructions.
#[derive(Clone, Debug)]
pub struct Function {
    pub name: String,
    pub start: u64,
    pub size: u64,
    pub insns: Vec<Insn>,
}

/// Splits an operand list at the commas outside parentheses.
fn split_operands(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut cur) = (0, String::new());
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(cur.trim().to_string());
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// Parses `llvm-objdump -d -r --no-show-raw-insn` (AT&T) into the functions named by `symbols`
/// (name, start, size). Every line inside a function must be an instruction or a relocation;
/// anything else fails.
pub fn parse_objdump(text: &str, symbols: &[(String, u64, u64)]) -> Result<Vec<Function>, String> {
    let mut all: Vec<Insn> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty()
            || t.starts_with("Disassembly of section")
            || t.contains("file format")
            || (t.ends_with(">:") && t.contains(" <"))
        {
            continue;
        }
        if line.starts_with("\t\t") {
            // relocation: "\t\t0000000000000045:  R_X86_64_TPOFF32\truntime.tlsg"
            let (off, rest) = t.split_once(':').ok_or_else(|| format!("relocation line {line:?}"))?;
            let off = u64::from_str_radix(off, 16).map_err(|_| format!("relocation line {line:?}"))?;
            if !rest.trim_start().starts_with("R_") {
                return Err(format!("relocation line {line:?}"));
            }
            let last = all.last_mut().ok_or_else(|| format!("relocation before any instruction: {line:?}"))?;
            if off < last.addr || off >= last.addr + 16 {
                return Err(format!("relocation at {off:#x} does not follow its instruction: {line:?}"));
            }
            last.reloc = true;
            continue;
        }
        let (addr, rest) = t.split_once(':').ok_or_else(|| format!("unparsed disassembly line {line:?}"))?;
        let addr = u64::from_str_radix(addr.trim(), 16).map_err(|_| format!("unparsed disassembly line {line:?}"))?;
        // llvm-objdump appends comments (`# imm = 0x1310`)
        let rest = rest.split_once('#').map(|(a, _)| a).unwrap_or(rest).trim();
        let (mnem, ops) = match rest.split_once(char::is_whitespace) {
            Some((m, o)) => (m, o.trim()),
            None => (rest, ""),
        };
        if mnem.is_empty() || mnem.contains('(') || mnem.starts_with('<') {
            return Err(format!("unparsed disassembly line {line:?}"));
        }
        // a branch target prints as "0x85 <main.mid+0x45>": keep the address only
        let ops = match ops.find(" <") {
            Some(i) if ops.ends_with('>') => &ops[..i],
            _ => ops,
        };
        all.push(Insn {
            addr,
            size: 0,
            mnem: mnem.to_ascii_lowercase(),
            ops: split_operands(ops),
            reloc: false,
            text: rest.replace('\t', " "),
        });
    }
    let mut out = Vec::new();
    for (name, start, size) in symbols {
        let end = start + size;
        let mut insns: Vec<Insn> = all.iter().filter(|i| i.addr >= *start && i.addr < end).cloned().collect();
        for k in 0..insns.len() {
            let next = insns.get(k + 1).map(|n| n.addr).unwrap_or(end);
            insns[k].size = next - insns[k].addr;
        }
        if insns.first().map(|i| i.addr) != Some(*start) {
            return Err(format!("{name}: no instruction at its entry {start:#x}"));
        }
        if insns.iter().any(|i| i.size == 0 || i.size > 15) {
            return Err(format!("{name}: instruction boundaries do not tile [{start:#x}, {end:#x})"));
        }
        out.push(Function { name: name.clone(), start: *start, size: *size, insns });
    }
    Ok(out)
}

/// What Go's `-S` header says about a function (`size=… args=… locals=…` and its flags).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GoHeader {
    pub name: String,
    pub size: u64,
    pub args: i64,
    /// Bytes the prologue allocates (Go's `locals`).
    pub autosize: i64,
    pub nosplit: bool,
    pub topframe: bool,
}

/// The STEXT headers of a Go `-S` listing, with Go's `"".` prefix replaced by `package.`.
pub fn go_headers(listing: &str, package: &str) -> Vec<GoHeader> {
    let mut out = Vec::new();
    for line in listing.lines().filter(|l| !l.starts_with('\t')) {
        let mut w = line.split_whitespace();
        let Some(name) = w.next() else { continue };
        if w.next() != Some("STEXT") {
            continue;
        }
        let mut h = GoHeader { name: name.replacen("\"\".", &format!("{package}."), 1), ..Default::default() };
        for tok in w {
            let num = |v: &str| {
                // `locals=0xfffffffffffffff8` is Go's -8 printed unsigned
                if let Some(h) = v.strip_prefix("0x") {
                    u64::from_str_radix(h, 16).unwrap() as i64
                } else {
                    v.parse().unwrap()
                }
            };
            match tok.split_once('=') {
                Some(("size", v)) => h.size = num(v) as u64,
                Some(("args", v)) => h.args = num(v),
                Some(("locals", v)) => h.autosize = num(v),
                None if tok == "nosplit" => h.nosplit = true,
                None if tok == "topframe" => h.topframe = true,
                _ => {}
            }
        }
        out.push(h);
    }
    out
}

/// The frame on entry to an instruction, as the walker derives it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Frame {
    /// CFA = stack pointer + `cfa`.
    pub cfa: i64,
    /// Caller registers saved in the frame: DWARF name (lower case) → offset from the CFA.
    pub saved: BTreeMap<String, i64>,
    /// The stack pointer was written in a way the walker cannot follow: the caller is unknown.
    pub lost: bool,
}

/// What one instruction does to the frame.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// The stack pointer moves down by this many bytes (the CFA offset grows by it).
    Sp(i64),
    /// The caller's value of a register is stored at SP + offset (SP as it is after the
    /// instruction's own `Sp` effect).
    Save(String, i64),
    /// The register holds the caller's value again.
    Restore(String),
    /// An SP write nobody can follow.
    Lost,
}

/// Where control goes after an instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Next,
    /// An unconditional jump to an address in the function.
    Jump(u64),
    /// A conditional jump to an address in the function, or the next instruction.
    Cond(u64),
    /// RET, a trap, a jump out of the function or through a register.
    End,
}

/// The role the walker gives an instruction from its place in the function (decided once per
/// function, in layout order): the prologue's frame-pointer save, and callee-saved registers
/// pushed first thing in the body, are register saves; other stores are not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Plain,
    /// Part of the prologue (stack check, frame allocation, wrapper check).
    Prologue,
    /// The prologue's frame-pointer save.
    SaveFramePointer,
    /// A push of a callee-saved register that still holds the caller's value.
    SavePush,
}

/// One architecture's reading of its machine code. Each new architecture adds a walker (and a
/// corpus) and reuses [`walk`] and the comparisons of the test.
pub trait Walker {
    /// The DWARF name of the stack-pointer column, as the dumpers print it in lower case.
    fn sp_name(&self) -> &'static str;
    /// The CFA offset at entry (x86: the return address the call pushed).
    fn entry_cfa(&self) -> i64;
    /// Where the return address is at entry, relative to the CFA (`None`: in a register).
    fn return_address(&self) -> Option<i64>;
    /// The role of every instruction of `f`.
    fn roles(&self, f: &Function, go: &GoHeader) -> Result<Vec<Role>, String>;
    /// The frame effects of one instruction, given the frame on entry to it.
    fn effect(&self, insn: &Insn, role: Role, before: &Frame) -> Result<Vec<Effect>, String>;
    /// Where control goes after it (`f` tells a jump within the function from one out of it).
    fn flow(&self, f: &Function, insn: &Insn) -> Result<Flow, String>;
}

fn apply(mut s: Frame, effects: &[Effect]) -> Frame {
    for e in effects {
        match e {
            Effect::Sp(d) => s.cfa += d,
            Effect::Save(r, off) => {
                s.saved.insert(r.clone(), off - s.cfa);
            }
            Effect::Restore(r) => {
                s.saved.remove(r);
            }
            Effect::Lost => s.lost = true,
        }
    }
    s
}

/// The frames that reach each instruction of `f`, following every path from the entry
/// (fall-through, conditional and unconditional jumps within the function). An instruction no
/// path reaches gets no frame. More than one frame at an instruction means paths disagree.
pub fn walk(w: &dyn Walker, f: &Function, go: &GoHeader) -> Result<Vec<BTreeSet<Frame>>, String> {
    let roles = w.roles(f, go)?;
    let n = f.insns.len();
    let index = |addr: u64| {
        f.insns
            .binary_search_by_key(&addr, |i| i.addr)
            .map_err(|_| format!("{}: jump to {addr:#x}, not an instruction boundary", f.name))
    };
    let mut states: Vec<BTreeSet<Frame>> = vec![BTreeSet::new(); n];
    let entry = Frame { cfa: w.entry_cfa(), saved: BTreeMap::new(), lost: false };
    let mut work = vec![(0usize, entry)];
    while let Some((i, s)) = work.pop() {
        if states[i].contains(&s) {
            continue;
        }
        if states[i].len() >= 4 {
            return Err(format!("{}: more than 4 different frames reach {}", f.name, f.insns[i].text));
        }
        states[i].insert(s.clone());
        let insn = &f.insns[i];
        let after = apply(s.clone(), &w.effect(insn, roles[i], &s)?);
        let mut go_to = |k: usize, st: Frame| work.push((k, st));
        match w.flow(f, insn)? {
            Flow::Next if i + 1 < n => go_to(i + 1, after),
            Flow::Next => return Err(format!("{}: falls off its end at {}", f.name, insn.text)),
            Flow::Jump(t) => go_to(index(t)?, after),
            Flow::Cond(t) => {
                go_to(index(t)?, after.clone());
                if i + 1 < n {
                    go_to(i + 1, after);
                }
            }
            Flow::End => {}
        }
    }
    Ok(states)
}

/// Parses an AT&T immediate (`$16`, `$0x10`, `$-0x80`).
pub fn imm(op: &str) -> Option<i64> {
    let v = op.strip_prefix('$')?;
    let (neg, v) = match v.strip_prefix('-') {
        Some(v) => (true, v),
        None => (false, v),
    };
    let x = match v.strip_prefix("0x") {
        Some(h) => i64::from_str_radix(h, 16).ok()?,
        None => v.parse().ok()?,
    };
    Some(if neg { -x } else { x })
}

/// Parses `disp(%base)` with no index: (displacement, base register without `%`).
pub fn base_disp(op: &str) -> Option<(i64, &str)> {
    let open = op.find('(')?;
    let inner = op[open + 1..].strip_suffix(')')?;
    if inner.contains(',') {
        return None;
    }
    let base = inner.strip_prefix('%')?;
    let d = &op[..open];
    let disp = if d.is_empty() {
        0
    } else {
        let (neg, v) = match d.strip_prefix('-') {
            Some(v) => (true, v),
            None => (false, d),
        };
        let x = match v.strip_prefix("0x") {
            Some(h) => i64::from_str_radix(h, 16).ok()?,
            None => v.parse().ok()?,
        };
        if neg { -x } else { x }
    };
    Some((disp, base))
}

/// The x86-64 walker: Go's amd64 prologue and epilogue as machine code, PUSH/POP, explicit SP
/// arithmetic, and any other SP write losing the frame.
pub struct Amd64;

/// Registers the SysV ABI makes callee-saved (their saves are described).
const CALLEE_SAVED: [&str; 6] = ["rbx", "rbp", "r12", "r13", "r14", "r15"];

impl Amd64 {
    fn base(m: &str) -> &str {
        // AT&T mnemonics with an operand-size suffix: strip it where the base is known
        for b in ["push", "pop", "pushf", "popf", "sub", "add", "lea", "mov", "ret", "call", "jmp", "cmp", "test"] {
            if m == b || (m.len() == b.len() + 1 && m.starts_with(b) && m.ends_with(['q', 'l', 'w'])) {
                return b;
            }
        }
        m
    }

    /// A register operand (`%rbx` → `rbx`).
    fn reg(op: &str) -> Option<&str> {
        op.strip_prefix('%').filter(|r| r.chars().all(|c| c.is_ascii_alphanumeric()))
    }

    fn is_sp(op: &str) -> bool {
        matches!(op, "%rsp" | "%esp" | "%sp" | "%spl")
    }

    /// Bytes a push or pop of this instruction moves SP (2 for the `w` forms and 16-bit
    /// registers; 8 otherwise: amd64 has no 4-byte push).
    fn push_size(insn: &Insn) -> i64 {
        let r16 = ["ax", "bx", "cx", "dx", "si", "di", "bp", "sp"];
        let word = insn.mnem.ends_with('w')
            || insn.ops.first().and_then(|o| Self::reg(o)).is_some_and(|r| {
                r16.contains(&r) || (r.starts_with('r') && r.ends_with('w') && r[1..r.len() - 1].parse::<u8>().is_ok())
            });
        if word { 2 } else { 8 }
    }

    /// The register an instruction writes as its destination (AT&T: last operand), if any.
    fn written(insn: &Insn) -> Option<&str> {
        let b = Self::base(&insn.mnem);
        if matches!(b, "cmp" | "test" | "push" | "pushf" | "jmp" | "call" | "ret") || insn.mnem.starts_with('j') {
            return None;
        }
        insn.ops.last().and_then(|o| Self::reg(o))
    }
}

impl Walker for Amd64 {
    fn sp_name(&self) -> &'static str {
        "rsp"
    }
    fn entry_cfa(&self) -> i64 {
        8
    }
    fn return_address(&self) -> Option<i64> {
        Some(-8)
    }

    /// Recognises Go's prologue in layout order: the TLS load of g and the stack check up to its
    /// `jbe`; the allocation of the `locals` Go reports; `mov %rbp, off(%rsp)` and `lea
    /// off(%rsp), %rbp` right after it; the WRAPPER check; then the run of pushes of
    /// callee-saved registers no earlier instruction (nor the WRAPPER slow path the prologue
    /// branches to) has written.
    fn roles(&self, f: &Function, go: &GoHeader) -> Result<Vec<Role>, String> {
        let ins = &f.insns;
        let mut roles = vec![Role::Plain; ins.len()];
        let mut written: BTreeSet<String> = BTreeSet::new();
        let mut i = 0;
        let at = |i: usize| ins.get(i);
        let base = |i: usize| at(i).map(|x| Self::base(&x.mnem)).unwrap_or("");
        let mark = |roles: &mut Vec<Role>, i: usize, role: Role, written: &mut BTreeSet<String>| {
            roles[i] = role;
            if let Some(r) = Self::written(&ins[i]) {
                written.insert(r.to_string());
            }
        };
        // g from TLS (`movq %fs:0, %r14`), then the stack check up to its jbe
        if base(0) == "mov" && ins[0].ops.first().is_some_and(|o| o.starts_with("%fs:")) {
            mark(&mut roles, 0, Role::Prologue, &mut written);
            i = 1;
            let checks = |i: usize| {
                let x = &ins[i];
                let b = Self::base(&x.mnem);
                b == "cmp"
                    || x.mnem == "jb"
                    || matches!(b, "lea" | "mov" | "sub") && !x.ops.last().is_some_and(|o| Self::is_sp(o))
            };
            if at(i).is_some_and(|_| checks(i) && ins[i..].iter().take(6).any(|x| x.mnem == "jbe")) {
                while ins[i].mnem != "jbe" {
                    mark(&mut roles, i, Role::Prologue, &mut written);
                    i += 1;
                }
                mark(&mut roles, i, Role::Prologue, &mut written);
                i += 1;
            }
        }
        // the frame allocation Go reports
        let mut allocated = false;
        if go.autosize > 0
            && let Some(x) = at(i)
            && x.ops.len() == 2
            && Self::is_sp(&x.ops[1])
        {
            let v = imm(&x.ops[0]);
            let b = Self::base(&x.mnem);
            if (b == "sub" && v == Some(go.autosize)) || (b == "add" && v == Some(-go.autosize)) {
                mark(&mut roles, i, Role::Prologue, &mut written);
                i += 1;
                allocated = true;
            }
        }
        // the frame-pointer save
        if allocated
            && let (Some(save), Some(lea)) = (at(i), at(i + 1))
            && Self::base(&save.mnem) == "mov"
            && save.ops.first().map(String::as_str) == Some("%rbp")
            && let Some((off, "rsp")) = save.ops.get(1).and_then(|o| base_disp(o))
            && Self::base(&lea.mnem) == "lea"
            && lea.ops.last().map(String::as_str) == Some("%rbp")
            && lea.ops.first().and_then(|o| base_disp(o)) == Some((off, "rsp"))
        {
            roles[i] = Role::SaveFramePointer;
            mark(&mut roles, i + 1, Role::Prologue, &mut written);
            i += 2;
        }
        // WRAPPER: `movq 32(%r14), %r12; testq %r12, %r12; jne slow`; the slow path writes too
        if base(i) == "mov"
            && ins[i].ops.first().and_then(|o| base_disp(o)) == Some((32, "r14"))
            && base(i + 1) == "test"
            && at(i + 2).is_some_and(|x| x.mnem == "jne")
        {
            for k in i..i + 3 {
                mark(&mut roles, k, Role::Prologue, &mut written);
            }
            let target = ins[i + 2].ops.first().and_then(|o| u64::from_str_radix(o.trim_start_matches("0x"), 16).ok());
            let slow = target.and_then(|t| ins.iter().position(|x| x.addr == t));
            if let Some(s) = slow {
                for x in ins[s..].iter().take_while(|x| Self::base(&x.mnem) != "jmp") {
                    if let Some(r) = Self::written(x) {
                        written.insert(r.to_string());
                    }
                }
            }
            i += 3;
        }
        // callee-saved registers pushed first thing in the body
        let mut pushed = BTreeSet::new();
        while let Some(x) = at(i) {
            let Some(r) = x.ops.first().and_then(|o| Self::reg(o)) else { break };
            if Self::base(&x.mnem) != "push"
                || Self::push_size(x) != 8
                || !CALLEE_SAVED.contains(&r)
                || written.contains(r)
                || !pushed.insert(r.to_string())
            {
                break;
            }
            roles[i] = Role::SavePush;
            i += 1;
        }
        Ok(roles)
    }

    fn effect(&self, insn: &Insn, role: Role, before: &Frame) -> Result<Vec<Effect>, String> {
        let b = Self::base(&insn.mnem);
        let ops = &insn.ops;
        let last = ops.last().map(String::as_str).unwrap_or("");
        Ok(match (b, role) {
            (_, Role::SaveFramePointer) => {
                let (off, _) = base_disp(&ops[1]).unwrap();
                vec![Effect::Save("rbp".into(), off)]
            }
            ("push", Role::SavePush) => {
                vec![Effect::Sp(8), Effect::Save(Self::reg(&ops[0]).unwrap().to_string(), 0)]
            }
            ("push" | "pushf", _) => vec![Effect::Sp(Self::push_size(insn))],
            ("pop", _) if Self::is_sp(last) => vec![Effect::Lost],
            ("pop", _) => {
                let mut e = vec![Effect::Sp(-Self::push_size(insn))];
                if let Some(r) = Self::reg(last)
                    && before.saved.contains_key(r)
                {
                    e.push(Effect::Restore(r.to_string()));
                }
                e
            }
            ("popf", _) => vec![Effect::Sp(-Self::push_size(insn))],
            ("sub", _) if Self::is_sp(last) && imm(&ops[0]).is_some() => vec![Effect::Sp(imm(&ops[0]).unwrap())],
            ("add", _) if Self::is_sp(last) && imm(&ops[0]).is_some() => vec![Effect::Sp(-imm(&ops[0]).unwrap())],
            ("lea", _) if Self::is_sp(last) && matches!(base_disp(&ops[0]), Some((_, "rsp"))) => {
                vec![Effect::Sp(-base_disp(&ops[0]).unwrap().0)]
            }
            // reloading a saved register from its slot restores it (Go's epilogue: `movq
            // off(%rsp), %rbp`)
            ("mov", _)
                if ops.len() == 2
                    && let (Some((off, "rsp")), Some(r)) = (base_disp(&ops[0]), Self::reg(last))
                    && before.saved.get(r) == Some(&(off - before.cfa)) =>
            {
                vec![Effect::Restore(r.to_string())]
            }
            ("leave" | "enter", _) => vec![Effect::Lost],
            ("cmp" | "test", _) => vec![],
            (m, _) if m.starts_with("bt") => vec![],
            ("xchg", _) if ops.iter().any(|o| Self::is_sp(o)) => vec![Effect::Lost],
            _ if Self::is_sp(last) => vec![Effect::Lost],
            _ => vec![],
        })
    }

    fn flow(&self, f: &Function, insn: &Insn) -> Result<Flow, String> {
        let b = Self::base(&insn.mnem);
        let target = || -> Result<Option<u64>, String> {
            let op = insn.ops.first().ok_or_else(|| format!("{}: jump without a target", insn.text))?;
            if op.starts_with('*') || insn.reloc {
                return Ok(None); // through a register or memory, or to a symbol
            }
            let t = u64::from_str_radix(op.trim_start_matches("0x"), 16)
                .map_err(|_| format!("{}: unparsed jump target", insn.text))?;
            Ok((f.start..f.start + f.size).contains(&t).then_some(t))
        };
        Ok(match b {
            "ret" | "ud2" | "hlt" => Flow::End,
            "jmp" => match target()? {
                Some(t) => Flow::Jump(t),
                None => Flow::End,
            },
            "call" => Flow::Next,
            m if m.starts_with('j') || m.starts_with("loop") => match target()? {
                Some(t) => Flow::Cond(t),
                None if insn.reloc => Flow::Next,
                None => return Err(format!("{}: conditional jump out of {}", insn.text, f.name)),
            },
            "(bad)" => return Err(format!("{}: {} does not disassemble", f.name, insn.text)),
            _ => Flow::Next,
        })
    }
}

/// The i386 walker: Go's 386 prologue (g through `movl %gs:0` and the local-exec offset, the
/// stack check, `subl $n, %esp`, the WRAPPER check; no frame pointer) and epilogue as machine
/// code, 4-byte PUSH/POP (2 for the `w` forms), explicit SP arithmetic, and any other SP write
/// losing the frame. Callee-saved registers are the i386 System V ones.
pub struct I386;

const CALLEE_SAVED_386: [&str; 4] = ["ebx", "ebp", "esi", "edi"];

impl I386 {
    fn is_sp(op: &str) -> bool {
        matches!(op, "%esp" | "%sp")
    }

    fn push_size(insn: &Insn) -> i64 {
        let r16 = ["ax", "bx", "cx", "dx", "si", "di", "bp", "sp"];
        let word =
            insn.mnem.ends_with('w') || insn.ops.first().and_then(|o| Amd64::reg(o)).is_some_and(|r| r16.contains(&r));
        if word { 2 } else { 4 }
    }
}

impl Walker for I386 {
    fn sp_name(&self) -> &'static str {
        "esp"
    }
    fn entry_cfa(&self) -> i64 {
        4
    }
    fn return_address(&self) -> Option<i64> {
        Some(-4)
    }

    /// Go's 386 prologue in layout order: `movl %gs:0, %ecx; movl off(%ecx), %ecx` and the
    /// stack check up to its `jbe`; the allocation of the `locals` Go reports; the WRAPPER
    /// check; then the run of pushes of callee-saved registers nothing earlier has written.
    fn roles(&self, f: &Function, go: &GoHeader) -> Result<Vec<Role>, String> {
        let ins = &f.insns;
        let mut roles = vec![Role::Plain; ins.len()];
        let mut written: BTreeSet<String> = BTreeSet::new();
        let mut i = 0;
        let at = |i: usize| ins.get(i);
        let base = |i: usize| at(i).map(|x| Amd64::base(&x.mnem)).unwrap_or("");
        let mark = |roles: &mut Vec<Role>, i: usize, role: Role, written: &mut BTreeSet<String>| {
            roles[i] = role;
            if let Some(r) = Amd64::written(&ins[i]) {
                written.insert(r.to_string());
            }
        };
        if base(0) == "mov" && ins[0].ops.first().is_some_and(|o| o.starts_with("%gs:")) && base(1) == "mov" {
            mark(&mut roles, 0, Role::Prologue, &mut written);
            mark(&mut roles, 1, Role::Prologue, &mut written);
            i = 2;
            let checks = |i: usize| {
                let x = &ins[i];
                let b = Amd64::base(&x.mnem);
                b == "cmp"
                    || x.mnem == "jb"
                    || matches!(b, "lea" | "mov" | "sub") && !x.ops.last().is_some_and(|o| Self::is_sp(o))
            };
            if at(i).is_some_and(|_| checks(i) && ins[i..].iter().take(6).any(|x| x.mnem == "jbe")) {
                while ins[i].mnem != "jbe" {
                    mark(&mut roles, i, Role::Prologue, &mut written);
                    i += 1;
                }
                mark(&mut roles, i, Role::Prologue, &mut written);
                i += 1;
            }
        }
        if go.autosize > 0
            && let Some(x) = at(i)
            && x.ops.len() == 2
            && Self::is_sp(&x.ops[1])
        {
            let v = imm(&x.ops[0]);
            let b = Amd64::base(&x.mnem);
            if (b == "sub" && v == Some(go.autosize)) || (b == "add" && v == Some(-go.autosize)) {
                mark(&mut roles, i, Role::Prologue, &mut written);
                i += 1;
            }
        }
        // WRAPPER: `movl 16(%ecx), %ebx; testl %ebx, %ebx; jne slow`; the slow path writes too
        if base(i) == "mov"
            && ins[i].ops.first().and_then(|o| base_disp(o)) == Some((16, "ecx"))
            && base(i + 1) == "test"
            && at(i + 2).is_some_and(|x| x.mnem == "jne")
        {
            for k in i..i + 3 {
                mark(&mut roles, k, Role::Prologue, &mut written);
            }
            let target = ins[i + 2].ops.first().and_then(|o| u64::from_str_radix(o.trim_start_matches("0x"), 16).ok());
            if let Some(s) = target.and_then(|t| ins.iter().position(|x| x.addr == t)) {
                for x in ins[s..].iter().take_while(|x| Amd64::base(&x.mnem) != "jmp") {
                    if let Some(r) = Amd64::written(x) {
                        written.insert(r.to_string());
                    }
                }
            }
            i += 3;
        }
        let mut pushed = BTreeSet::new();
        while let Some(x) = at(i) {
            let Some(r) = x.ops.first().and_then(|o| Amd64::reg(o)) else { break };
            if Amd64::base(&x.mnem) != "push"
                || Self::push_size(x) != 4
                || !CALLEE_SAVED_386.contains(&r)
                || written.contains(r)
                || !pushed.insert(r.to_string())
            {
                break;
            }
            roles[i] = Role::SavePush;
            i += 1;
        }
        Ok(roles)
    }

    fn effect(&self, insn: &Insn, role: Role, before: &Frame) -> Result<Vec<Effect>, String> {
        let b = Amd64::base(&insn.mnem);
        let ops = &insn.ops;
        let last = ops.last().map(String::as_str).unwrap_or("");
        Ok(match (b, role) {
            ("push", Role::SavePush) => vec![Effect::Sp(4), Effect::Save(Amd64::reg(&ops[0]).unwrap().to_string(), 0)],
            ("push" | "pushf", _) => vec![Effect::Sp(Self::push_size(insn))],
            ("pop", _) if Self::is_sp(last) => vec![Effect::Lost],
            ("pop", _) => {
                let mut e = vec![Effect::Sp(-Self::push_size(insn))];
                if let Some(r) = Amd64::reg(last)
                    && before.saved.contains_key(r)
                {
                    e.push(Effect::Restore(r.to_string()));
                }
                e
            }
            ("popf", _) => vec![Effect::Sp(-Self::push_size(insn))],
            ("sub", _) if Self::is_sp(last) && imm(&ops[0]).is_some() => vec![Effect::Sp(imm(&ops[0]).unwrap())],
            ("add", _) if Self::is_sp(last) && imm(&ops[0]).is_some() => vec![Effect::Sp(-imm(&ops[0]).unwrap())],
            ("lea", _) if Self::is_sp(last) && matches!(base_disp(&ops[0]), Some((_, "esp"))) => {
                vec![Effect::Sp(-base_disp(&ops[0]).unwrap().0)]
            }
            ("leave" | "enter", _) => vec![Effect::Lost],
            ("cmp" | "test", _) => vec![],
            (m, _) if m.starts_with("bt") => vec![],
            ("xchg", _) if ops.iter().any(|o| Self::is_sp(o)) => vec![Effect::Lost],
            _ if Self::is_sp(last) => vec![Effect::Lost],
            _ => vec![],
        })
    }

    fn flow(&self, f: &Function, insn: &Insn) -> Result<Flow, String> {
        Amd64.flow(f, insn)
    }
}
