// The mips64 frame corpus of tests/mips64_frames.rs: every combination of Go 1.19's obj0.go
// preprocess (NOSPLIT or not, leaf or not, frame size classes around StackSmall and StackBig,
// NOFRAME by flag, by $-8 and by leaf, the rounding of odd frames, the LR save, the epilogue at
// every RET, tail jumps, WRAPPER, NEEDCTXT, SP adjustments, the delay-slot NOOP after every
// branch) assembled by Go 1.19 and by p9asm: listings, pc tables and bytes must be equal.

#include "textflag.h"

// a leaf with no locals has no frame (Go marks it NOFRAME); mips gets no automatic NOSPLIT,
// but a frameless leaf gets no stack check either
TEXT ·leaf0(SB), $0-8
	MOVV	x+0(FP), R1
	RET

TEXT ·leaf0nosplit(SB), NOSPLIT, $0-0
	RET

// the historical NOFRAME marker, with a call: the save is suppressed, the function is a leaf
TEXT ·marker(SB), NOSPLIT, $-8-0
	JAL	·leaf0(SB)
	RET

TEXT ·noframeflag(SB), NOSPLIT|NOFRAME, $0-16
	MOVV	x+8(FP), R1
	JAL	·leaf0(SB)
	RET

// a non-leaf NOFRAME function that is not NOSPLIT: the stack check, and Go links each RET's
// JMP (R31) after the check's placeholder (RET itself becomes the LR reload)
TEXT ·noframesplit(SB), NOFRAME, $0-0
	JAL	·leaf0(SB)
	BEQ	R1, two
	RET
two:
	RET

// leaves with locals: LR is saved anyway, and the frame is checked unless NOSPLIT
TEXT ·leaf8(SB), $8-0
	MOVV	R1, x-8(SP)
	RET

TEXT ·leaf16(SB), NOSPLIT, $16-0
	MOVV	R1, 8(R29)
	MOVV	R2, y-16(SP)
	RET

// odd frames are rounded up to 8 bytes
TEXT ·odd4(SB), NOSPLIT, $4-0
	RET

TEXT ·odd12(SB), $12-4
	MOVW	x+0(FP), R1
	RET

// frame size classes: at StackSmall, over it, at StackBig and over it
TEXT ·call120(SB), $120-0
	JAL	·leaf0(SB)
	RET

TEXT ·call128(SB), $128-0
	JAL	·leaf0(SB)
	RET

TEXT ·call200(SB), $200-8
	MOVV	x+0(FP), R1
	JAL	·leaf0(SB)
	RET

TEXT ·call4088(SB), $4088-0
	JAL	·leaf0(SB)
	RET

TEXT ·call4096(SB), $4096-0
	JAL	·leaf0(SB)
	RET

TEXT ·call40000(SB), $40000-0
	MOVV	R1, 39992(R29)
	JAL	·leaf0(SB)
	RET

TEXT ·call1m(SB), $1048576-0
	JAL	·leaf0(SB)
	RET

// every RET gets its epilogue; branches to a RET land on its first instruction
TEXT ·tworets(SB), $16-8
	MOVV	x+0(FP), R1
	BEQ	R1, zero
	JAL	·leaf0(SB)
	RET
zero:
	MOVV	R0, R2
	RET

TEXT ·leafrets(SB), NOSPLIT, $24-8
	MOVV	x+0(FP), R1
	BNE	R1, R0, other
	RET
other:
	ADDV	$1, R1
	RET

// RET sym(SB): a tail jump after the epilogue
TEXT ·tail(SB), $8-0
	JAL	·leaf0(SB)
	RET	·leaf0(SB)

TEXT ·tailleaf(SB), NOSPLIT, $0-0
	RET	·leaf0(SB)

TEXT ·jmptail(SB), NOSPLIT, $0-0
	JMP	·leaf0(SB)

// WRAPPER: the g._panic check after the prologue (not for leaves)
TEXT ·wrapper(SB), WRAPPER, $24-8
	JAL	·leaf0(SB)
	RET

TEXT ·wrapperleaf(SB), WRAPPER, $24-8
	RET

TEXT ·wrapnosplit(SB), NOSPLIT|WRAPPER, $0-0
	JAL	·leaf0(SB)
	RET

TEXT ·wrapbig(SB), WRAPPER, $5000-16
	JAL	·leaf0(SB)
	RET

// NEEDCTXT calls runtime.morestack, not morestack_noctxt
TEXT ·ctxt(SB), NEEDCTXT, $32-0
	JAL	·leaf0(SB)
	RET

TEXT ·topframe(SB), TOPFRAME|NOSPLIT, $16-0
	JAL	·leaf0(SB)
	RET

// SP adjustments the assembler follows (SUBV $n becomes ADDV $-n)
TEXT ·spadj(SB), $16-0
	ADDV	$-32, R29
	MOVV	R1, 8(R29)
	JAL	·leaf0(SB)
	ADDV	$32, R29
	SUBV	$16, R29
	ADDVU	$16, R29
	RET

// loops and conditional branches of every form, each with its delay slot
TEXT ·loops(SB), NOSPLIT, $0-8
	MOVV	x+0(FP), R1
loop:
	ADDV	$-1, R1
	BGTZ	R1, loop
	BLEZ	R1, out
	BGEZ	R1, loop
	BLTZ	R1, out
	BEQ	R1, R2, loop
	BNE	R1, loop
	JMP	loop
out:
	RET

// an indirect call and an indirect jump
TEXT ·indirect(SB), $8-0
	MOVV	$·leaf0(SB), R4
	JAL	(R4)
	MOVV	$·leaf0(SB), R5
	JMP	(R5)

// an SP write p9asm cannot follow: the frame description ends there
TEXT ·spwrite(SB), NOSPLIT|NOFRAME, $0-0
	MOVV	R4, R29 // expect W0405
	RET
