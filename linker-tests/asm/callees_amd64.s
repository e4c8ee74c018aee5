// Test callees: Go ABI0 functions called through reflectcall (arguments at x+0(FP), the closure
// context in DX pointing at the funcval), and a C ABI probe for callee-saved registers.

#include "textflag.h"
#include "funcdata.h"
#include "sysv_amd64.h"

// Values the probe loads into the C callee-saved registers (src/callees.rs has the same).
#define PROBE_BP $0x7062702d70726f62
#define PROBE_BX $0x7062782d70726f62
#define PROBE_R12 $0x7231322d70726f62
#define PROBE_R13 $0x7231332d70726f62
#define PROBE_R14 $0x7231342d70726f62
#define PROBE_R15 $0x7231352d70726f62

// Garbage a callee leaves in them (Go ABI0 preserves no register but SP and BP).
#define CLOBBER $0x6261646261646261

// func testAdd(a, b, c int64) (sum, diff int64)
TEXT ·testAdd(SB), NOSPLIT, $0-40
	MOVQ	a+0(FP), AX
	MOVQ	b+8(FP), BX
	MOVQ	c+16(FP), CX
	MOVQ	AX, DX
	ADDQ	BX, AX
	ADDQ	CX, AX
	SUBQ	BX, DX
	SUBQ	CX, DX
	MOVQ	AX, sum+24(FP)
	MOVQ	DX, diff+32(FP)
	RET

// A closure: DX points at {code, captured int64}.
// func testClosure(x int64) (y int64, ctxt uintptr)
TEXT ·testClosure(SB), NOSPLIT|NEEDCTXT, $0-24
	MOVQ	x+0(FP), AX
	ADDQ	8(DX), AX
	MOVQ	AX, y+8(FP)
	MOVQ	DX, ctxt+16(FP)
	RET

// The body of the forwarders to Rust below.
#define CALL_RUST \
	MOVQ	8(DX), AX; \
	MOVQ	16(DX), DI; \
	LEAQ	frame+0(FP), SI; \
	MOVQ	SP, DX; \
	CALL	AX; \
	RET

// Forwarders to Rust. DX points at {code, fn (C ABI), ctx}; they call
// fn(ctx, frame, callsp): frame is the address of the argument frame (0(FP)), callsp the SP at
// the CALL (the return address into the forwarder is stored just below it).
// Not NOSPLIT: the prologue checks the stack (morestack with context on overflow).
// SP: entry ≡ 8, frame 0+8 (saved BP) → ≡ 0 at the CALL.
TEXT ·testCallRust(SB), NEEDCTXT, $0
	CALL_RUST

// The same with a 1 MiB frame: entry ≡ 8, frame 1048576+8 → ≡ 0 at the CALL.
TEXT ·testCallRustBig(SB), NEEDCTXT, $1048576
	CALL_RUST

// The same after trashing the C callee-saved registers other than BP.
TEXT ·testClobberCallRust(SB), NEEDCTXT, $0
	MOVQ	CLOBBER, BX
	MOVQ	CLOBBER, R12
	MOVQ	CLOBBER, R13
	MOVQ	CLOBBER, R14
	MOVQ	CLOBBER, R15
	CALL_RUST

// func p9_probe_callee_saved(argtype, f, arg, argsize, retoffset, out *[6]uint64) (C ABI)
// Loads known values into BP BX R12-R15, calls p9_reflectcall with the first five arguments and
// stores what those registers hold afterwards in out (BP, BX, R12, R13, R14, R15).
// SP: entry ≡ 8, seven pushes → ≡ 0 at the CALL.
TEXT p9_probe_callee_saved(SB), NOSPLIT, $0-0
	PUSH_CALLEE_SAVED
	PUSHQ	R9
	MOVQ	PROBE_BP, BP
	MOVQ	PROBE_BX, BX
	MOVQ	PROBE_R12, R12
	MOVQ	PROBE_R13, R13
	MOVQ	PROBE_R14, R14
	MOVQ	PROBE_R15, R15
	CALL	p9_reflectcall(SB)
	POPQ	R9
	MOVQ	BP, 0(R9)
	MOVQ	BX, 8(R9)
	MOVQ	R12, 16(R9)
	MOVQ	R13, 24(R9)
	MOVQ	R14, 32(R9)
	MOVQ	R15, 40(R9)
	POP_CALLEE_SAVED
	RET
