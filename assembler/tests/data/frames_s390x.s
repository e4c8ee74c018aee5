// The s390x frame corpus of tests/s390x_frames.rs: every combination of Go 1.19's objz.go
// preprocess (NOSPLIT or not, frame size classes around StackSmall and StackBig, NOFRAME by
// flag, by $-8 and by leaf, the LR save before and after SP moves, the epilogue at every RET,
// tail jumps, WRAPPER, NEEDCTXT, SP adjustments) assembled by Go 1.19 and by p9asm: listings,
// pc tables and bytes must be equal.

#include "textflag.h"

// a leaf with no locals has no frame (Go marks it NOFRAME); no stack check even without NOSPLIT
TEXT ·leaf0(SB), $0-8
	MOVD	x+0(FP), R1
	RET

TEXT ·leaf0nosplit(SB), NOSPLIT, $0-0
	RET

// the historical NOFRAME marker, with a call: no frame, the function is a leaf
TEXT ·marker(SB), NOSPLIT, $-8-0
	BL	·leaf0(SB)
	RET

TEXT ·noframeflag(SB), NOSPLIT|NOFRAME, $0-16
	MOVD	x+8(FP), R1
	BL	·leaf0(SB)
	RET

// a NOFRAME function that is not NOSPLIT: still checked
TEXT ·noframesplit(SB), NOFRAME, $0-0
	BL	·leaf0(SB)
	RET

// leaves with locals: LR is saved anyway; auto-NOSPLIT below StackSmall
TEXT ·leaf8(SB), $8-0
	MOVD	R1, x-8(SP)
	RET

TEXT ·leaf16(SB), $16-0
	MOVD	R1, 8(R15)
	MOVD	R2, y-16(SP)
	RET

TEXT ·leaf24(SB), NOSPLIT, $24-0
	RET

// a leaf at StackSmall and over: not NOSPLIT, so it gets the stack check
TEXT ·leaf120(SB), $120-0
	RET

TEXT ·leaf200(SB), $200-0
	MOVD	R1, 200(R15)
	RET

// calls
TEXT ·call0(SB), $0-0
	BL	·leaf0(SB)
	RET

TEXT ·call8(SB), $8-8
	MOVD	x+0(FP), R1
	MOVD	R1, y-8(SP)
	BL	·leaf0(SB)
	RET

TEXT ·call16nosplit(SB), NOSPLIT, $16-0
	BL	·leaf0(SB)
	RET

// frame sizes around StackSmall (128) and StackBig (4096): the three shapes of the check
TEXT ·call112(SB), $112-0
	BL	·leaf0(SB)
	RET

TEXT ·call120(SB), $120-0
	BL	·leaf0(SB)
	RET

TEXT ·call128(SB), $128-0
	BL	·leaf0(SB)
	RET

TEXT ·call4088(SB), $4088-0
	BL	·leaf0(SB)
	RET

TEXT ·call4096(SB), $4096-0
	BL	·leaf0(SB)
	RET

TEXT ·call8000(SB), $8000-0
	BL	·leaf0(SB)
	RET

TEXT ·call70000(SB), $70000-0
	BL	·leaf0(SB)
	RET

// NEEDCTXT: runtime.morestack instead of morestack_noctxt
TEXT ·ctxt(SB), NEEDCTXT, $16-0
	MOVD	R12, x-8(SP)
	BL	·leaf0(SB)
	RET

// WRAPPER: the g->panic->argp fix-up after the prologue
TEXT ·wrapper(SB), WRAPPER, $24-8
	BL	·leaf0(SB)
	RET

TEXT ·wrappernosplit(SB), NOSPLIT|WRAPPER, $0-0
	BL	·leaf0(SB)
	RET

// a leaf WRAPPER has no fix-up
TEXT ·wrapperleaf(SB), WRAPPER, $8-0
	RET

// several RETs, and branches to a RET (they land on its epilogue)
TEXT ·rets(SB), $16-8
	MOVD	x+0(FP), R1
	CMPBEQ	R1, $0, done
	CMP	R1, $1
	BEQ	two
	BL	·leaf0(SB)
	RET
two:
	BL	·leaf0(SB)
done:
	RET

TEXT ·leafrets(SB), $16-8
	MOVD	x+0(FP), R1
	CMPBNE	R1, $0, 2(PC)
	RET
	MOVD	R1, y-8(SP)
	RET

// tail jumps: RET to a symbol and BR to a symbol
TEXT ·tail(SB), $16-0
	BL	·leaf0(SB)
	RET	·leaf0(SB)

TEXT ·tailleaf(SB), NOSPLIT, $0-0
	RET	·leaf0(SB)

TEXT ·tailbr(SB), NOSPLIT|NOFRAME, $0-0
	BR	·leaf0(SB)

// SP adjustments in the body
TEXT ·adjust(SB), $16-0
	ADD	$-32, R15
	MOVD	R1, 8(R15)
	BL	·leaf0(SB)
	ADD	$32, R15
	RET

// a function that never returns
TEXT ·noreturn(SB), NOSPLIT|NOFRAME, $0-0
	BL	·leaf0(SB)
	UNDEF

// TOPFRAME and a function that ends in a jump
TEXT ·top(SB), TOPFRAME, $16-0
	BL	·leaf0(SB)
	BR	·leaf0(SB)

// calls through a register
TEXT ·callreg(SB), $8-8
	MOVD	x+0(FP), R1
	BL	(R1)
	BL	R1
	RET

// an SP write Go cannot follow (SPWRITE): reported, and the unwind tables stop there
// expect W0405
TEXT ·spwrite(SB), NOSPLIT, $0-0
	MOVD	R15, R1
	ADD	$-64, R1
	MOVD	R1, R15
	ADD	$64, R15
	RET
