//! Go 1.19.8's ppc64 constants (cmd/internal/obj/ppc64/a.out.go, anames9.go), generated
//! by `cargo run -p gen-tables`. Do not edit: regenerate.
//!
//! Register numbers are Go's (`REG_R0 = obj.RBasePPC64 + 0`), so the encoder ports Go's
//! arithmetic on them unchanged.

#![allow(dead_code, non_upper_case_globals)]

pub const NREG: i64 = 32;
pub const NFREG: i64 = 32;
pub const REG_R0: i64 = 4096;
pub const REG_R1: i64 = 4097;
pub const REG_R2: i64 = 4098;
pub const REG_R3: i64 = 4099;
pub const REG_R4: i64 = 4100;
pub const REG_R5: i64 = 4101;
pub const REG_R6: i64 = 4102;
pub const REG_R7: i64 = 4103;
pub const REG_R8: i64 = 4104;
pub const REG_R9: i64 = 4105;
pub const REG_R10: i64 = 4106;
pub const REG_R11: i64 = 4107;
pub const REG_R12: i64 = 4108;
pub const REG_R13: i64 = 4109;
pub const REG_R14: i64 = 4110;
pub const REG_R15: i64 = 4111;
pub const REG_R16: i64 = 4112;
pub const REG_R17: i64 = 4113;
pub const REG_R18: i64 = 4114;
pub const REG_R19: i64 = 4115;
pub const REG_R20: i64 = 4116;
pub const REG_R21: i64 = 4117;
pub const REG_R22: i64 = 4118;
pub const REG_R23: i64 = 4119;
pub const REG_R24: i64 = 4120;
pub const REG_R25: i64 = 4121;
pub const REG_R26: i64 = 4122;
pub const REG_R27: i64 = 4123;
pub const REG_R28: i64 = 4124;
pub const REG_R29: i64 = 4125;
pub const REG_R30: i64 = 4126;
pub const REG_R31: i64 = 4127;
pub const REG_CR0LT: i64 = 4128;
pub const REG_CR0GT: i64 = 4129;
pub const REG_CR0EQ: i64 = 4130;
pub const REG_CR0SO: i64 = 4131;
pub const REG_CR1LT: i64 = 4132;
pub const REG_CR1GT: i64 = 4133;
pub const REG_CR1EQ: i64 = 4134;
pub const REG_CR1SO: i64 = 4135;
pub const REG_CR2LT: i64 = 4136;
pub const REG_CR2GT: i64 = 4137;
pub const REG_CR2EQ: i64 = 4138;
pub const REG_CR2SO: i64 = 4139;
pub const REG_CR3LT: i64 = 4140;
pub const REG_CR3GT: i64 = 4141;
pub const REG_CR3EQ: i64 = 4142;
pub const REG_CR3SO: i64 = 4143;
pub const REG_CR4LT: i64 = 4144;
pub const REG_CR4GT: i64 = 4145;
pub const REG_CR4EQ: i64 = 4146;
pub const REG_CR4SO: i64 = 4147;
pub const REG_CR5LT: i64 = 4148;
pub const REG_CR5GT: i64 = 4149;
pub const REG_CR5EQ: i64 = 4150;
pub const REG_CR5SO: i64 = 4151;
pub const REG_CR6LT: i64 = 4152;
pub const REG_CR6GT: i64 = 4153;
pub const REG_CR6EQ: i64 = 4154;
pub const REG_CR6SO: i64 = 4155;
pub const REG_CR7LT: i64 = 4156;
pub const REG_CR7GT: i64 = 4157;
pub const REG_CR7EQ: i64 = 4158;
pub const REG_CR7SO: i64 = 4159;
pub const REG_F0: i64 = 4160;
pub const REG_F1: i64 = 4161;
pub const REG_F2: i64 = 4162;
pub const REG_F3: i64 = 4163;
pub const REG_F4: i64 = 4164;
pub const REG_F5: i64 = 4165;
pub const REG_F6: i64 = 4166;
pub const REG_F7: i64 = 4167;
pub const REG_F8: i64 = 4168;
pub const REG_F9: i64 = 4169;
pub const REG_F10: i64 = 4170;
pub const REG_F11: i64 = 4171;
pub const REG_F12: i64 = 4172;
pub const REG_F13: i64 = 4173;
pub const REG_F14: i64 = 4174;
pub const REG_F15: i64 = 4175;
pub const REG_F16: i64 = 4176;
pub const REG_F17: i64 = 4177;
pub const REG_F18: i64 = 4178;
pub const REG_F19: i64 = 4179;
pub const REG_F20: i64 = 4180;
pub const REG_F21: i64 = 4181;
pub const REG_F22: i64 = 4182;
pub const REG_F23: i64 = 4183;
pub const REG_F24: i64 = 4184;
pub const REG_F25: i64 = 4185;
pub const REG_F26: i64 = 4186;
pub const REG_F27: i64 = 4187;
pub const REG_F28: i64 = 4188;
pub const REG_F29: i64 = 4189;
pub const REG_F30: i64 = 4190;
pub const REG_F31: i64 = 4191;
pub const REG_V0: i64 = 4192;
pub const REG_V1: i64 = 4193;
pub const REG_V2: i64 = 4194;
pub const REG_V3: i64 = 4195;
pub const REG_V4: i64 = 4196;
pub const REG_V5: i64 = 4197;
pub const REG_V6: i64 = 4198;
pub const REG_V7: i64 = 4199;
pub const REG_V8: i64 = 4200;
pub const REG_V9: i64 = 4201;
pub const REG_V10: i64 = 4202;
pub const REG_V11: i64 = 4203;
pub const REG_V12: i64 = 4204;
pub const REG_V13: i64 = 4205;
pub const REG_V14: i64 = 4206;
pub const REG_V15: i64 = 4207;
pub const REG_V16: i64 = 4208;
pub const REG_V17: i64 = 4209;
pub const REG_V18: i64 = 4210;
pub const REG_V19: i64 = 4211;
pub const REG_V20: i64 = 4212;
pub const REG_V21: i64 = 4213;
pub const REG_V22: i64 = 4214;
pub const REG_V23: i64 = 4215;
pub const REG_V24: i64 = 4216;
pub const REG_V25: i64 = 4217;
pub const REG_V26: i64 = 4218;
pub const REG_V27: i64 = 4219;
pub const REG_V28: i64 = 4220;
pub const REG_V29: i64 = 4221;
pub const REG_V30: i64 = 4222;
pub const REG_V31: i64 = 4223;
pub const REG_VS0: i64 = 4224;
pub const REG_VS1: i64 = 4225;
pub const REG_VS2: i64 = 4226;
pub const REG_VS3: i64 = 4227;
pub const REG_VS4: i64 = 4228;
pub const REG_VS5: i64 = 4229;
pub const REG_VS6: i64 = 4230;
pub const REG_VS7: i64 = 4231;
pub const REG_VS8: i64 = 4232;
pub const REG_VS9: i64 = 4233;
pub const REG_VS10: i64 = 4234;
pub const REG_VS11: i64 = 4235;
pub const REG_VS12: i64 = 4236;
pub const REG_VS13: i64 = 4237;
pub const REG_VS14: i64 = 4238;
pub const REG_VS15: i64 = 4239;
pub const REG_VS16: i64 = 4240;
pub const REG_VS17: i64 = 4241;
pub const REG_VS18: i64 = 4242;
pub const REG_VS19: i64 = 4243;
pub const REG_VS20: i64 = 4244;
pub const REG_VS21: i64 = 4245;
pub const REG_VS22: i64 = 4246;
pub const REG_VS23: i64 = 4247;
pub const REG_VS24: i64 = 4248;
pub const REG_VS25: i64 = 4249;
pub const REG_VS26: i64 = 4250;
pub const REG_VS27: i64 = 4251;
pub const REG_VS28: i64 = 4252;
pub const REG_VS29: i64 = 4253;
pub const REG_VS30: i64 = 4254;
pub const REG_VS31: i64 = 4255;
pub const REG_VS32: i64 = 4256;
pub const REG_VS33: i64 = 4257;
pub const REG_VS34: i64 = 4258;
pub const REG_VS35: i64 = 4259;
pub const REG_VS36: i64 = 4260;
pub const REG_VS37: i64 = 4261;
pub const REG_VS38: i64 = 4262;
pub const REG_VS39: i64 = 4263;
pub const REG_VS40: i64 = 4264;
pub const REG_VS41: i64 = 4265;
pub const REG_VS42: i64 = 4266;
pub const REG_VS43: i64 = 4267;
pub const REG_VS44: i64 = 4268;
pub const REG_VS45: i64 = 4269;
pub const REG_VS46: i64 = 4270;
pub const REG_VS47: i64 = 4271;
pub const REG_VS48: i64 = 4272;
pub const REG_VS49: i64 = 4273;
pub const REG_VS50: i64 = 4274;
pub const REG_VS51: i64 = 4275;
pub const REG_VS52: i64 = 4276;
pub const REG_VS53: i64 = 4277;
pub const REG_VS54: i64 = 4278;
pub const REG_VS55: i64 = 4279;
pub const REG_VS56: i64 = 4280;
pub const REG_VS57: i64 = 4281;
pub const REG_VS58: i64 = 4282;
pub const REG_VS59: i64 = 4283;
pub const REG_VS60: i64 = 4284;
pub const REG_VS61: i64 = 4285;
pub const REG_VS62: i64 = 4286;
pub const REG_VS63: i64 = 4287;
pub const REG_CR0: i64 = 4288;
pub const REG_CR1: i64 = 4289;
pub const REG_CR2: i64 = 4290;
pub const REG_CR3: i64 = 4291;
pub const REG_CR4: i64 = 4292;
pub const REG_CR5: i64 = 4293;
pub const REG_CR6: i64 = 4294;
pub const REG_CR7: i64 = 4295;
pub const REG_MSR: i64 = 4296;
pub const REG_FPSCR: i64 = 4297;
pub const REG_CR: i64 = 4298;
pub const REG_SPECIAL: i64 = 4288;
pub const REG_CRBIT0: i64 = 4128;
pub const REG_SPR0: i64 = 5120;
pub const REG_XER: i64 = 5121;
pub const REG_LR: i64 = 5128;
pub const REG_CTR: i64 = 5129;
pub const REGZERO: i64 = 4096;
pub const REGSP: i64 = 4097;
pub const REGSB: i64 = 4098;
pub const REGRET: i64 = 4099;
pub const REGARG: i64 = -1;
pub const REGRT1: i64 = 4116;
pub const REGRT2: i64 = 4117;
pub const REGMIN: i64 = 4103;
pub const REGCTXT: i64 = 4107;
pub const REGTLS: i64 = 4109;
pub const REGMAX: i64 = 4123;
pub const REGEXT: i64 = 4126;
pub const REGG: i64 = 4126;
pub const REGTMP: i64 = 4127;
pub const FREGRET: i64 = 4160;
pub const FREGMIN: i64 = 4177;
pub const FREGMAX: i64 = 4186;
pub const FREGEXT: i64 = 4186;
pub const BIG: i64 = 32760;
pub const PFX_X64B: i64 = 1024;
pub const BI_CR0: i64 = 0;
pub const BI_CR1: i64 = 4;
pub const BI_CR2: i64 = 8;
pub const BI_CR3: i64 = 12;
pub const BI_CR4: i64 = 16;
pub const BI_CR5: i64 = 20;
pub const BI_CR6: i64 = 24;
pub const BI_CR7: i64 = 28;
pub const BI_LT: i64 = 0;
pub const BI_GT: i64 = 1;
pub const BI_EQ: i64 = 2;
pub const BI_FU: i64 = 3;
pub const BO_ALWAYS: i64 = 20;
pub const BO_BCTR: i64 = 16;
pub const BO_NOTBCTR: i64 = 18;
pub const BO_BCR: i64 = 12;
pub const BO_BCRBCTR: i64 = 8;
pub const BO_NOTBCR: i64 = 4;
pub const C_COND_LT: i64 = 0;
pub const C_COND_GT: i64 = 1;
pub const C_COND_EQ: i64 = 2;
pub const C_COND_SO: i64 = 3;
pub const C_NONE: i64 = 0;
pub const C_REGP: i64 = 1;
pub const C_REG: i64 = 2;
pub const C_FREGP: i64 = 3;
pub const C_FREG: i64 = 4;
pub const C_VREG: i64 = 5;
pub const C_VSREGP: i64 = 6;
pub const C_VSREG: i64 = 7;
pub const C_CREG: i64 = 8;
pub const C_CRBIT: i64 = 9;
pub const C_SPR: i64 = 10;
pub const C_ZCON: i64 = 11;
pub const C_U1CON: i64 = 12;
pub const C_U2CON: i64 = 13;
pub const C_U3CON: i64 = 14;
pub const C_U4CON: i64 = 15;
pub const C_U5CON: i64 = 16;
pub const C_U8CON: i64 = 17;
pub const C_U15CON: i64 = 18;
pub const C_S16CON: i64 = 19;
pub const C_U16CON: i64 = 20;
pub const C_32S16CON: i64 = 21;
pub const C_32CON: i64 = 22;
pub const C_S34CON: i64 = 23;
pub const C_64CON: i64 = 24;
pub const C_SACON: i64 = 25;
pub const C_LACON: i64 = 26;
pub const C_DACON: i64 = 27;
pub const C_SBRA: i64 = 28;
pub const C_LBRA: i64 = 29;
pub const C_LBRAPIC: i64 = 30;
pub const C_ZOREG: i64 = 31;
pub const C_SOREG: i64 = 32;
pub const C_LOREG: i64 = 33;
pub const C_FPSCR: i64 = 34;
pub const C_XER: i64 = 35;
pub const C_LR: i64 = 36;
pub const C_CTR: i64 = 37;
pub const C_ANY: i64 = 38;
pub const C_GOK: i64 = 39;
pub const C_ADDR: i64 = 40;
pub const C_TLS_LE: i64 = 41;
pub const C_TLS_IE: i64 = 42;
pub const C_TEXTSIZE: i64 = 43;
pub const C_NCLASS: i64 = 44;
pub const C_SCON: i64 = 18;
pub const C_UCON: i64 = 21;
pub const C_ADDCON: i64 = 19;
pub const C_ANDCON: i64 = 20;
pub const C_LCON: i64 = 22;
pub const C_S3216CON: i64 = 21;
pub const C_U3216CON: i64 = 21;
pub const C_S32CON: i64 = 22;
pub const C_U32CON: i64 = 22;

/// `cnames9` (anames9.go): the name of each operand class `C_*`, for diagnostics.
#[rustfmt::skip]
pub static CNAMES: [&str; 45] = [
    "NONE",
    "REGP",
    "REG",
    "FREGP",
    "FREG",
    "VREG",
    "VSREGP",
    "VSREG",
    "CREG",
    "CRBIT",
    "SPR",
    "ZCON",
    "U1CON",
    "U2CON",
    "U3CON",
    "U4CON",
    "U5CON",
    "U8CON",
    "U15CON",
    "S16CON",
    "U16CON",
    "32S16CON",
    "32CON",
    "S34CON",
    "64CON",
    "SACON",
    "LACON",
    "DACON",
    "SBRA",
    "LBRA",
    "LBRAPIC",
    "ZOREG",
    "SOREG",
    "LOREG",
    "FPSCR",
    "XER",
    "LR",
    "CTR",
    "ANY",
    "GOK",
    "ADDR",
    "TLS_LE",
    "TLS_IE",
    "TEXTSIZE",
    "NCLASS",
];
