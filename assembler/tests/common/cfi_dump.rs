//! Readers of what `readelf --debug-dump=frames-interp` and `llvm-dwarfdump --eh-frame /
//! --debug-frame` print: per FDE its pc range and its interpreted rows (CFA rule, each
//! register's rule, the return-address rule). Every line of a dump must be understood: an
//! unknown line or a rule these readers do not model is an error, never skipped.
#![allow(dead_code)]

use std::collections::BTreeMap;

/// The return-address rule of a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ra {
    /// At CFA + offset.
    Cfa(i64),
    Undefined,
}

/// One interpreted row: from `loc` on, CFA = `cfa_reg` + `cfa`, the registers in `saved` at CFA +
/// offset, the return address by `ra`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub loc: u64,
    pub cfa_reg: String,
    pub cfa: i64,
    pub saved: BTreeMap<String, i64>,
    pub ra: Ra,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fde {
    pub start: u64,
    pub end: u64,
    pub rows: Vec<Row>,
}

/// The FDEs of one section and the CIE's initial row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section {
    pub cies: Vec<Option<Row>>,
    pub fdes: Vec<Fde>,
}

fn hex(s: &str) -> Result<u64, String> {
    u64::from_str_radix(s.trim_start_matches("0x"), 16).map_err(|_| format!("not hex: {s:?}"))
}

/// `reg+N` / `reg-N` (a CFA rule) → (reg, N).
fn reg_offset(s: &str) -> Option<(String, i64)> {
    let i = s.find(['+', '-'])?;
    let n: i64 = s[i + 1..].parse().ok()?;
    Some((s[..i].to_ascii_lowercase(), if &s[i..i + 1] == "-" { -n } else { n }))
}

/// `readelf --debug-dump=frames-interp`: section name (`.eh_frame`, `.debug_frame`) → its CIEs
/// and FDEs. `ra` is the name of the return-address column readelf prints (`ra`).
pub fn readelf(text: &str) -> Result<BTreeMap<String, Section>, String> {
    let mut out: BTreeMap<String, Section> = BTreeMap::new();
    let mut sec: Option<String> = None;
    let mut columns: Vec<String> = Vec::new();
    // are we in a CIE (its rows are the initial rules) or an FDE?
    let mut in_cie = false;
    for line in text.lines() {
        let t = line.trim();
        let err = |what: &str| format!("readelf: {what}: {line:?}");
        if t.is_empty() {
            continue;
        }
        if let Some(name) = t.strip_prefix("Contents of the ").and_then(|r| r.strip_suffix(" section:")) {
            sec = Some(name.to_string());
            out.entry(name.to_string()).or_default();
            continue;
        }
        let s = out.get_mut(sec.as_deref().ok_or_else(|| err("line outside a section"))?).unwrap();
        let w: Vec<&str> = t.split_whitespace().collect();
        if w.len() >= 4 && w[3] == "CIE" {
            in_cie = true;
            s.cies.push(None);
            columns.clear();
            continue;
        }
        if w.len() >= 6 && w[3] == "FDE" {
            in_cie = false;
            let pc = t.split("pc=").nth(1).ok_or_else(|| err("FDE without pc="))?;
            let (a, b) = pc.split_once("..").ok_or_else(|| err("FDE pc range"))?;
            s.fdes.push(Fde { start: hex(a)?, end: hex(b)?, rows: Vec::new() });
            columns.clear();
            continue;
        }
        if w.len() == 3 && w[1] == "ZERO" && w[2] == "terminator" {
            continue;
        }
        if w.first() == Some(&"LOC") {
            if w.get(1) != Some(&"CFA") {
                return Err(err("table header without CFA"));
            }
            columns = w[2..].iter().map(|c| c.to_string()).collect();
            continue;
        }
        // a row: LOC CFA then one value per column
        if w.len() != 2 + columns.len() {
            return Err(err("row does not match its header"));
        }
        let loc = hex(w[0]).map_err(|_| err("row location"))?;
        let (cfa_reg, cfa) = reg_offset(w[1]).ok_or_else(|| err("CFA rule"))?;
        let mut row = Row { loc, cfa_reg, cfa, saved: BTreeMap::new(), ra: Ra::Undefined };
        let mut ra_seen = false;
        for (col, v) in columns.iter().zip(&w[2..]) {
            let rule = if *v == "u" {
                None
            } else {
                let off = v.strip_prefix('c').and_then(|o| o.parse::<i64>().ok());
                Some(off.ok_or_else(|| err(&format!("rule {v} of {col}")))?)
            };
            if col == "ra" {
                ra_seen = true;
                row.ra = rule.map(Ra::Cfa).unwrap_or(Ra::Undefined);
            } else if let Some(off) = rule {
                row.saved.insert(col.clone(), off);
            }
        }
        if !ra_seen {
            return Err(err("no return-address column"));
        }
        if in_cie {
            let cie = s.cies.last_mut().ok_or_else(|| err("row outside CIE/FDE"))?;
            *cie = Some(row);
        } else {
            s.fdes.last_mut().ok_or_else(|| err("row outside an FDE"))?.rows.push(row);
        }
    }
    // readelf prints no table for an FDE without instructions: the CIE's rules hold throughout
    for s in out.values_mut() {
        for fde in s.fdes.iter_mut().filter(|f| f.rows.is_empty()) {
            let [Some(cie)] = &s.cies[..] else { return Err("readelf: an FDE without rows, and not one CIE".into()) };
            fde.rows.push(Row { loc: fde.start, ..cie.clone() });
        }
    }
    Ok(out)
}

/// `llvm-dwarfdump --eh-frame` or `--debug-frame` (LLVM 14 prints both sections for either):
/// section name → its CIEs and FDEs, with the
/// rows LLVM prints after each entry's instructions (`0x21: CFA=RSP+16: RBX=[CFA-16],
/// RIP=[CFA-8]`). `ra` is the return-address register's name as LLVM prints it (`RIP`).
pub fn dwarfdump(text: &str, ra: &str) -> Result<BTreeMap<String, Section>, String> {
    let mut out: BTreeMap<String, Section> = BTreeMap::new();
    let mut sec: Option<String> = None;
    let mut in_cie = false;
    for line in text.lines() {
        let t = line.trim();
        let err = |what: &str| format!("llvm-dwarfdump: {what}: {line:?}");
        if t.is_empty() || t.contains("\tfile format elf") {
            continue;
        }
        if let Some(name) = t.strip_suffix(" contents:") {
            sec = Some(name.to_string());
            out.entry(name.to_string()).or_default();
            continue;
        }
        let s = out.get_mut(sec.as_deref().ok_or_else(|| err("line outside a section"))?).unwrap();
        let w: Vec<&str> = t.split_whitespace().collect();
        if w.len() == 4 && w[3] == "CIE" {
            in_cie = true;
            s.cies.push(None);
            continue;
        }
        if w.len() >= 6 && w[3] == "FDE" {
            in_cie = false;
            let pc = t.split("pc=").nth(1).ok_or_else(|| err("FDE without pc="))?;
            let (a, b) = pc.split_once("...").ok_or_else(|| err("FDE pc range"))?;
            s.fdes.push(Fde { start: hex(a)?, end: hex(b)?, rows: Vec::new() });
            continue;
        }
        if w.len() == 3 && w[1] == "ZERO" && w[2] == "terminator" {
            continue;
        }
        const FIELDS: [&str; 8] = [
            "Format:",
            "Version:",
            "Augmentation:",
            "Code alignment factor:",
            "Data alignment factor:",
            "Return address column:",
            "Augmentation data:",
            "DW_CFA_",
        ];
        if FIELDS.iter().any(|f| t.starts_with(f)) {
            continue;
        }
        // a row: [0xLOC: ]CFA=REG+N[: REG=RULE, ...]
        let (loc, rest) = match t.strip_prefix("0x").and_then(|r| r.split_once(": ")) {
            Some((l, r)) => (Some(hex(l).map_err(|_| err("row location"))?), r),
            None if in_cie && t.starts_with("CFA=") => (None, t),
            None => return Err(err("unknown line")),
        };
        let (cfa, regs) = match rest.split_once(": ") {
            Some((c, r)) => (c, Some(r)),
            None => (rest, None),
        };
        let (cfa_reg, cfa) = cfa.strip_prefix("CFA=").and_then(reg_offset).ok_or_else(|| err("CFA rule"))?;
        let mut row = Row { loc: loc.unwrap_or(0), cfa_reg, cfa, saved: BTreeMap::new(), ra: Ra::Undefined };
        let mut ra_seen = false;
        for rule in regs.into_iter().flat_map(|r| r.split(", ")) {
            let (reg, v) = rule.split_once('=').ok_or_else(|| err(&format!("register rule {rule}")))?;
            let r = if v == "undefined" {
                None
            } else {
                let off = v.strip_prefix("[CFA").and_then(|o| o.strip_suffix(']')).and_then(|o| o.parse::<i64>().ok());
                Some(off.ok_or_else(|| err(&format!("register rule {rule}")))?)
            };
            if reg == ra {
                ra_seen = true;
                row.ra = r.map(Ra::Cfa).unwrap_or(Ra::Undefined);
            } else {
                let off = r.ok_or_else(|| err(&format!("undefined rule for {reg}")))?;
                row.saved.insert(reg.to_ascii_lowercase(), off);
            }
        }
        if !ra_seen {
            return Err(err("no return-address rule"));
        }
        if in_cie {
            *s.cies.last_mut().ok_or_else(|| err("row outside CIE/FDE"))? = Some(row);
        } else {
            s.fdes.last_mut().ok_or_else(|| err("row outside an FDE"))?.rows.push(row);
        }
    }
    Ok(out)
}
