//! The ten targets and the facts about them that are not instruction encodings.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GoArch {
    I386,
    Amd64,
    Amd64p32,
    Arm,
    Arm64,
    Mips64,
    Mips64le,
    Ppc64,
    Ppc64le,
    S390x,
}

impl GoArch {
    pub const ALL: [GoArch; 10] = [
        GoArch::I386,
        GoArch::Amd64,
        GoArch::Amd64p32,
        GoArch::Arm,
        GoArch::Arm64,
        GoArch::Mips64,
        GoArch::Mips64le,
        GoArch::Ppc64,
        GoArch::Ppc64le,
        GoArch::S390x,
    ];

    pub fn name(self) -> &'static str {
        match self {
            GoArch::I386 => "386",
            GoArch::Amd64 => "amd64",
            GoArch::Amd64p32 => "amd64p32",
            GoArch::Arm => "arm",
            GoArch::Arm64 => "arm64",
            GoArch::Mips64 => "mips64",
            GoArch::Mips64le => "mips64le",
            GoArch::Ppc64 => "ppc64",
            GoArch::Ppc64le => "ppc64le",
            GoArch::S390x => "s390x",
        }
    }

    /// Pointer size in bytes.
    pub fn ptr_size(self) -> u8 {
        match self {
            GoArch::I386 | GoArch::Amd64p32 | GoArch::Arm => 4,
            _ => 8,
        }
    }
    /// Register size in bytes.
    pub fn reg_size(self) -> u8 {
        match self {
            GoArch::I386 | GoArch::Arm => 4,
            _ => 8,
        }
    }
    pub fn big_endian(self) -> bool {
        matches!(self, GoArch::Mips64 | GoArch::Ppc64 | GoArch::S390x)
    }
    /// Whether calls leave the return address in a link register instead of on the stack.
    pub fn has_link_register(self) -> bool {
        !matches!(self, GoArch::I386 | GoArch::Amd64 | GoArch::Amd64p32)
    }
    /// The smallest unit of code addresses in pc tables (Go's MinLC).
    pub fn min_lc(self) -> u32 {
        match self {
            GoArch::I386 | GoArch::Amd64 | GoArch::Amd64p32 => 1,
            GoArch::S390x => 2,
            _ => 4,
        }
    }
    /// Go's `FixedFrameSize`: bytes at the bottom of every frame reserved for the saved LR.
    pub fn fixed_frame_size(self) -> i64 {
        match self {
            GoArch::I386 | GoArch::Amd64 | GoArch::Amd64p32 => 0,
            GoArch::Arm => 4,
            GoArch::Ppc64 | GoArch::Ppc64le => 32,
            _ => 8,
        }
    }
    /// Suffix after `_` in Go file names that selects this arch; `_mips64x.s` and `_ppc64x.s`
    /// select both byte orders.
    pub fn from_file_suffix(s: &str) -> Vec<GoArch> {
        match s {
            "mips64x" => vec![GoArch::Mips64, GoArch::Mips64le],
            "ppc64x" => vec![GoArch::Ppc64, GoArch::Ppc64le],
            _ => s.parse().map(|a| vec![a]).unwrap_or_default(),
        }
    }
}

impl fmt::Display for GoArch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for GoArch {
    type Err = String;
    fn from_str(s: &str) -> Result<GoArch, String> {
        GoArch::ALL.iter().copied().find(|a| a.name() == s).ok_or_else(|| {
            format!("unknown architecture {s:?}; expected one of {}", GoArch::ALL.map(|a| a.name()).join(", "))
        })
    }
}

/// Which architectures a `.s` file is for, from its name (Go's build rules: `x_amd64.s`,
/// `x_mips64x.s`; `x.s` with no arch suffix is for every arch).
pub fn arches_for_file(file_name: &str) -> Vec<GoArch> {
    let stem = file_name.strip_suffix(".s").unwrap_or(file_name);
    let mut parts: Vec<&str> = stem.split('_').collect();
    // x_linux_amd64.s: the last element is the arch, an OS element before it is allowed
    if parts.len() >= 2 {
        let last = parts.pop().unwrap_or_default();
        let arches = GoArch::from_file_suffix(last);
        if !arches.is_empty() {
            return arches;
        }
        if last == "test" {
            return Vec::new();
        }
        // x_linux.s (OS only) or no suffix
        return GoArch::ALL.to_vec();
    }
    GoArch::ALL.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn file_suffixes() {
        assert_eq!(arches_for_file("asm_amd64.s"), vec![GoArch::Amd64]);
        assert_eq!(arches_for_file("asm_mips64x.s"), vec![GoArch::Mips64, GoArch::Mips64le]);
        assert_eq!(arches_for_file("asm_ppc64x.s"), vec![GoArch::Ppc64, GoArch::Ppc64le]);
        assert_eq!(arches_for_file("asm_386.s"), vec![GoArch::I386]);
        assert_eq!(arches_for_file("asm.s").len(), 10);
        assert_eq!(arches_for_file("sys_linux_arm64.s"), vec![GoArch::Arm64]);
    }
}
