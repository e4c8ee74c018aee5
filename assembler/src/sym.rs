//! Symbol interning and Go's name rewriting.
//!
//! Go writes package-qualified names with a middle dot (`runtime·call32`) and lets `·name` mean
//! "this package" (`"".name`). Symbols are interned once per distinct Go name, so that listings
//! print each reference as Go does; with the package path known (`-p`), `·x` and `pkg·x` name
//! the same object symbol, and [`Symbols::canon`] maps every Go name to the one symbol that
//! stands for it in definitions, duplicate checks and the ELF symbol table. Lookups of a
//! spelling seen before cost one hash and no allocation.

use std::num::NonZeroU32;

use rustc_hash::FxHashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SymId(NonZeroU32);

impl SymId {
    pub fn index(self) -> usize {
        self.0.get() as usize - 1
    }
}

/// A function symbol's calling convention, as Go's `<ABI0>`/`<ABIInternal>` selectors name it
/// (cmd/internal/obj.ABI). Every name without a selector is ABI0; so is every file-local (`<>`)
/// symbol and every data symbol Go's assembler makes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Abi {
    #[default]
    Abi0,
    Internal,
}

impl Abi {
    /// Go's `obj.ParseABI`.
    pub fn parse(s: &str) -> Option<Abi> {
        match s {
            "ABI0" => Some(Abi::Abi0),
            "ABIInternal" => Some(Abi::Internal),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Abi::Abi0 => "ABI0",
            Abi::Internal => "ABIInternal",
        }
    }
    /// What the ELF symbol table appends to the object name: nothing for ABI0 (so every name
    /// without a selector is spelled as before), `.abiinternal` for ABIInternal, as Go's linker
    /// mangles it when objects are linked separately (`-linkshared`, `mangleABIName`).
    pub fn elf_suffix(self) -> &'static str {
        match self {
            Abi::Abi0 => "",
            Abi::Internal => ".abiinternal",
        }
    }
}

/// Which of the three name spaces a symbol is in: global ABI0, file-local, global ABIInternal.
fn space(is_static: bool, abi: Abi) -> usize {
    match (is_static, abi) {
        (true, _) => 1,
        (false, Abi::Abi0) => 0,
        (false, Abi::Internal) => 2,
    }
}

#[derive(Clone, Debug)]
pub struct Symbol {
    /// Go's spelling after rewriting: `"".call32`, `runtime.call32`, `callRet` (static).
    pub name: Box<str>,
    /// Declared with `<>`: local to this file.
    pub is_static: bool,
    /// The ABI a selector chose (ABI0 without one): `f` and `f<ABIInternal>` are two symbols.
    pub abi: Abi,
    /// The symbol every Go name of this object symbol resolves to (the first one interned).
    pub canon: SymId,
}

/// The symbol table: readable from any thread while one thread interns (the parser runs ahead
/// of the back end). Symbols never move or change once interned.
#[derive(Debug)]
pub struct Symbols {
    syms: p9asm_macros::append::AppendVec<Symbol>,
    index: std::sync::Mutex<Index>,
    /// The package path that replaces `""` (Go's `-p`).
    package: Box<str>,
    /// `-compiling-runtime`: the source may name ABIs (`f<ABIInternal>`), as in Go.
    compiling_runtime: bool,
}

impl Default for Symbols {
    fn default() -> Symbols {
        Symbols::for_package("main")
    }
}

#[derive(Default, Debug)]
struct Index {
    /// Source spelling or Go name → symbol, for each name space (see [`space`]).
    by_spelling: [FxHashMap<Box<str>, SymId>; 3],
    /// Object name (package substituted) → canonical symbol, for each name space.
    by_object: [FxHashMap<Box<str>, SymId>; 3],
    /// Where each file-local (`<>`) symbol is first named, by canonical symbol: a name that is
    /// referenced but never defined must not reach the object (it would bind to another file's).
    static_refs: Vec<(SymId, p9asm_macros::Origin)>,
}

impl Index {
    fn map(&mut self, space: usize) -> &mut FxHashMap<Box<str>, SymId> {
        &mut self.by_spelling[space]
    }
}

/// Go's rewriting of an identifier (cmd/asm/internal/lex.Make): a leading `·` means the current
/// package (`""`), then `·` becomes `.` and `∕` becomes `/`.
pub fn go_name(spelling: &str) -> String {
    let mut s = String::with_capacity(spelling.len() + 2);
    if spelling.starts_with('·') {
        s.push_str("\"\"");
    }
    for c in spelling.chars() {
        match c {
            '·' => s.push('.'),
            '∕' => s.push('/'),
            c => s.push(c),
        }
    }
    s
}

impl Symbols {
    /// A table for package `main` (the default of `-p`).
    pub fn new() -> Symbols {
        Symbols::default()
    }

    /// A table whose `""` stands for `package`.
    pub fn for_package(package: &str) -> Symbols {
        Symbols {
            syms: Default::default(),
            index: Default::default(),
            package: package.into(),
            compiling_runtime: false,
        }
    }

    /// This table with `-compiling-runtime` set or not: whether ABI selectors may be written.
    pub fn with_compiling_runtime(mut self, on: bool) -> Symbols {
        self.compiling_runtime = on;
        self
    }

    pub fn compiling_runtime(&self) -> bool {
        self.compiling_runtime
    }

    pub fn package(&self) -> &str {
        &self.package
    }

    fn index(&self) -> std::sync::MutexGuard<'_, Index> {
        self.index.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Interns a symbol by its source spelling.
    pub fn intern(&self, spelling: &str, is_static: bool) -> SymId {
        self.intern_abi(spelling, is_static, Abi::Abi0)
    }

    /// Interns a symbol by its source spelling, in the name space of `abi` (ignored for a
    /// file-local symbol: those are ABI0).
    pub fn intern_abi(&self, spelling: &str, is_static: bool, abi: Abi) -> SymId {
        let abi = if is_static { Abi::Abi0 } else { abi };
        let mut index = self.index();
        if let Some(&id) = index.map(space(is_static, abi)).get(spelling) {
            return id;
        }
        self.intern_go_name(&mut index, go_name(spelling).into_boxed_str(), is_static, abi, Some(spelling))
    }

    /// Interns a symbol named in the source at `origin`.
    pub fn intern_at(&self, spelling: &str, is_static: bool, origin: p9asm_macros::Origin) -> SymId {
        self.intern_abi_at(spelling, is_static, Abi::Abi0, origin)
    }

    /// [`Symbols::intern_at`] with an ABI selector.
    pub fn intern_abi_at(&self, spelling: &str, is_static: bool, abi: Abi, origin: p9asm_macros::Origin) -> SymId {
        let id = self.intern_abi(spelling, is_static, abi);
        if is_static {
            let canon = self.canon(id);
            let mut index = self.index();
            if !index.static_refs.iter().rev().take(1).any(|r| r.0 == canon) {
                index.static_refs.push((canon, origin));
            }
        }
        id
    }

    /// Every file-local symbol named in the source, with the place it was first named (a
    /// symbol may appear more than once; the first entry per symbol comes first).
    pub fn static_refs(&self) -> Vec<(SymId, p9asm_macros::Origin)> {
        self.index().static_refs.clone()
    }

    /// Interns a symbol by its Go name (for symbols the assembler itself references).
    pub fn intern_go(&self, name: &str, is_static: bool) -> SymId {
        let mut index = self.index();
        if let Some(&id) = index.map(space(is_static, Abi::Abi0)).get(name) {
            return id;
        }
        self.intern_go_name(&mut index, name.into(), is_static, Abi::Abi0, None)
    }

    fn intern_go_name(
        &self,
        index: &mut Index,
        name: Box<str>,
        is_static: bool,
        abi: Abi,
        spelling: Option<&str>,
    ) -> SymId {
        let space = space(is_static, abi);
        // Different spellings may name one symbol (`runtime·x` vs the Go name `runtime.x`).
        let id = match index.map(space).get(&*name) {
            Some(&id) => id,
            None => {
                // Only this thread pushes (under the index lock), so the next index is known.
                let i = u32::try_from(self.syms.len() + 1).expect("more than 4 Gi symbols");
                let id = SymId(NonZeroU32::new(i).expect("nonzero"));
                let object = object_name(&name, &self.package).into_boxed_str();
                let canon = *index.by_object[space].entry(object).or_insert(id);
                let pushed = self.syms.push(Symbol { name: name.clone(), is_static, abi, canon });
                debug_assert_eq!(pushed, id.index());
                index.map(space).insert(name, id);
                id
            }
        };
        let map = index.map(space);
        if let Some(sp) = spelling {
            map.insert(sp.into(), id);
        }
        id
    }

    pub fn get(&self, id: SymId) -> &Symbol {
        &self.syms[id.index()]
    }
    pub fn name(&self, id: SymId) -> &str {
        &self.syms[id.index()].name
    }
    /// The symbol that stands for `id`'s object symbol: equal for `·x` and `pkg·x`.
    pub fn canon(&self, id: SymId) -> SymId {
        self.syms[id.index()].canon
    }
    pub fn len(&self) -> usize {
        self.syms.len()
    }
    pub fn is_empty(&self) -> bool {
        self.syms.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = (SymId, &Symbol)> {
        self.syms.iter().enumerate().filter_map(|(i, s)| Some((SymId(NonZeroU32::new(i as u32 + 1)?), s)))
    }

    /// The name in the ELF symbol table: `""` replaced by the package path, as Go's linker does
    /// when it writes external objects, and `.abiinternal` appended for an ABIInternal symbol
    /// ([`Abi::elf_suffix`]).
    pub fn object_name(&self, id: SymId) -> String {
        let sym = self.get(id);
        let mut s = object_name(&sym.name, &self.package);
        s.push_str(sym.abi.elf_suffix());
        s
    }
}

fn object_name(go_name: &str, package: &str) -> String {
    match go_name.strip_prefix("\"\"") {
        Some(rest) => {
            let mut s = String::with_capacity(package.len() + rest.len());
            s.push_str(package);
            s.push_str(rest);
            s
        }
        None => go_name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewriting() {
        assert_eq!(go_name("·call32"), "\"\".call32");
        assert_eq!(go_name("runtime·call32"), "runtime.call32");
        assert_eq!(go_name("a∕b·c"), "a/b.c");
        let s = Symbols::new();
        let a = s.intern("runtime·x", false);
        let b = s.intern_go("runtime.x", false);
        assert_eq!(a, b);
        let c = s.intern("runtime·x", true);
        assert_ne!(a, c);
        let f = s.intern("·f", false);
        assert_eq!(s.object_name(f), "main.f");
        let r = Symbols::for_package("runtime");
        let (dot, full) = (r.intern("·call32", false), r.intern("runtime·call32", false));
        assert_ne!(dot, full, "listings keep Go's two spellings");
        assert_eq!(r.canon(dot), r.canon(full));
        assert_eq!(r.canon(full), dot);
        assert_eq!(r.object_name(full), "runtime.call32");
        let st = r.intern("runtime·call32", true);
        assert_eq!(r.canon(st), st, "file-local names are their own namespace");
        let (a0, ai) = (r.intern_abi("·f", false, Abi::Abi0), r.intern_abi("runtime·f", false, Abi::Internal));
        assert_ne!(r.canon(a0), r.canon(ai), "each ABI is its own symbol");
        assert_eq!(r.canon(r.intern_abi("·f", false, Abi::Internal)), ai);
        assert_eq!(r.intern("·f", false), a0);
        assert_eq!(r.object_name(a0), "runtime.f");
        assert_eq!(r.object_name(ai), "runtime.f.abiinternal");
        assert_eq!(r.get(r.intern_abi("f", true, Abi::Internal)).abi, Abi::Abi0, "<> is ABI0");
    }
}
