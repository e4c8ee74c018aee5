//! Go's `obj.Addr` operand types and symbol-name classes (cmd/internal/obj/link.go), by which the
//! ports of Go's back ends other than x86 (asm5, asm7, asm0, asm9, asmz) classify operands; one
//! copy for all of them, with Go's values.

pub const TYPE_NONE: u8 = 0;
pub const TYPE_BRANCH: u8 = 1;
pub const TYPE_TEXTSIZE: u8 = 2;
pub const TYPE_MEM: u8 = 3;
pub const TYPE_CONST: u8 = 4;
pub const TYPE_FCONST: u8 = 5;
pub const TYPE_SCONST: u8 = 6;
pub const TYPE_REG: u8 = 7;
pub const TYPE_ADDR: u8 = 8;
pub const TYPE_SHIFT: u8 = 9;
pub const TYPE_REGREG: u8 = 10;
pub const TYPE_REGREG2: u8 = 11;
pub const TYPE_INDIR: u8 = 12;
pub const TYPE_REGLIST: u8 = 13;
pub const TYPE_SPECIAL: u8 = 14;

pub const NAME_NONE: u8 = 0;
pub const NAME_EXTERN: u8 = 1;
pub const NAME_STATIC: u8 = 2;
pub const NAME_AUTO: u8 = 3;
pub const NAME_PARAM: u8 = 4;
pub const NAME_GOTREF: u8 = 5;
