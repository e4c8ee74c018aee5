// The arm frame corpus of tests/arm_frames.rs: every combination of Go 1.19's obj5.go
// preprocess (NOSPLIT or not, frame size classes, NOFRAME by flag, by $-4 and by leaf, the LR
// save, the epilogue at every RET, conditional RETs, tail jumps, WRAPPER, NEEDCTXT, software
// division, SP adjustments) assembled by Go 1.19 and by p9asm: listings, pc tables and bytes
// must be equal.

#include "textflag.h"

// a leaf with no locals has no frame (Go marks it NOFRAME): RET is B (R14)
TEXT ·leaf0(SB), $0-8
	MOVW	x+0(FP), R0
	RET

TEXT ·leaf0nosplit(SB), NOSPLIT, $0-0
	RET

// the historical NOFRAME marker, with a call: the save is suppressed, the function is a leaf
TEXT ·marker(SB), NOSPLIT, $-4-0
	BL	·leaf0(SB)
	RET

TEXT ·noframeflag(SB), NOSPLIT|NOFRAME, $0-16
	MOVW	x+8(FP), R1
	BL	·leaf0(SB)
	RET

// a NOFRAME function that is not NOSPLIT: no check
TEXT ·noframesplit(SB), NOFRAME, $0-0
	BL	·leaf0(SB)
	RET

// leaves with locals: LR is saved anyway; arm has no auto-NOSPLIT
TEXT ·leaf8(SB), $8-0
	MOVW	R0, x-8(SP)
	RET

TEXT ·leaf16nosplit(SB), NOSPLIT, $16-0
	MOVW	R0, 4(R13)
	MOVW	R1, y-16(SP)
	RET

TEXT ·leaf200(SB), $200-0
	MOVW	R0, 200(R13)
	RET

// calls
TEXT ·call0(SB), $0-0
	BL	·leaf0(SB)
	RET

TEXT ·call8(SB), $8-8
	MOVW	x+0(FP), R0
	MOVW	R0, y-8(SP)
	BL	·leaf0(SB)
	RET

TEXT ·call16(SB), $16-16
	MOVW	x+0(FP), R0
	MOVW	R0, 4(R13)
	BL	·leaf0(SB)
	MOVW	8(R13), R0
	MOVW	R0, r+8(FP)
	RET

TEXT ·callnosplit(SB), NOSPLIT, $32-0
	BL	·leaf0(SB)
	RET

// StackSmall boundary: up to 128 compares SP directly, beyond subtracts first
TEXT ·small120(SB), $120-0
	BL	·leaf0(SB)
	RET

TEXT ·small124(SB), $124-0
	BL	·leaf0(SB)
	RET

TEXT ·mid128(SB), $128-0
	BL	·leaf0(SB)
	RET

TEXT ·mid1000(SB), $1000-0
	BL	·leaf0(SB)
	RET

// StackBig boundary: up to 4096 the middle check, beyond it SUB.S and CMP.HS
TEXT ·mid4092(SB), $4092-0
	BL	·leaf0(SB)
	RET

TEXT ·big4096(SB), $4096-0
	BL	·leaf0(SB)
	RET

TEXT ·big5000(SB), $5000-0
	BL	·leaf0(SB)
	RET

TEXT ·huge(SB), $1048576-0
	BL	·leaf0(SB)
	RET

TEXT ·bignosplit(SB), NOSPLIT, $5000-0
	BL	·leaf0(SB)
	RET

// several RETs, a branch to a RET, conditional returns
TEXT ·rets(SB), $16-8
	MOVW	x+0(FP), R0
	CMP	$0, R0
	BEQ	done
	BL	·leaf0(SB)
	CMP	$1, R0
	RET.EQ
	BL	·leaf0(SB)
done:
	RET

TEXT ·retcondleaf(SB), NOSPLIT, $0-0
	CMP	$0, R0
	RET.NE
	MOVW	$1, R0
	RET

// tail jumps: RET sym is B sym after the epilogue
TEXT ·tail(SB), $8-0
	BL	·leaf0(SB)
	RET	·leaf0(SB)

TEXT ·tailleaf(SB), $16-0
	MOVW	R0, 4(R13)
	RET	·leaf0(SB)

TEXT ·tailnoframe(SB), NOSPLIT, $0-0
	RET	·leaf0(SB)

// WRAPPER: the out-of-line argp fix-up at the end, after the morestack block
TEXT ·wrap(SB), WRAPPER, $16-8
	MOVW	x+0(FP), R0
	BL	·leaf0(SB)
	RET

TEXT ·wrapnosplit(SB), NOSPLIT|WRAPPER, $0-0
	BL	·leaf0(SB)
	RET

TEXT ·wrapleaf(SB), WRAPPER, $16-0
	MOVW	R0, 4(R13)
	RET

// NEEDCTXT calls runtime.morestack, the others morestack_noctxt
TEXT ·ctxt(SB), NEEDCTXT, $16-0
	MOVW	R7, 4(R13)
	BL	·leaf0(SB)
	RET

TEXT ·top(SB), TOPFRAME|NOSPLIT, $16-0
	BL	·leaf0(SB)
	RET

// software division: DIV and friends call runtime._div through m.divmod (not NOSPLIT)
TEXT ·divide(SB), $8-12
	MOVW	a+0(FP), R1
	MOVW	b+4(FP), R2
	DIV	R1, R2
	DIVU	R1, R2, R3
	MOD	R3, R2
	MODU	R2, R3, R4
	MOVW	R4, r+8(FP)
	RET

// explicit SP adjustments are tracked (Go's Spadj for ADD/SUB $c, R13 and MOVW.W/.P)
TEXT ·adjust(SB), $16-0
	SUB	$32, R13
	MOVW	R0, 4(R13)
	BL	·leaf0(SB)
	ADD	$32, R13
	MOVW.W	R1, -8(R13)
	MOVW.P	8(R13), R1
	MOVW	$-16(R13), R13
	MOVW	$16(R13), R13
	RET

TEXT ·args(SB), $24-32
	MOVW	a+0(FP), R0
	MOVW	b+4(FP), R1
	MOVW	$c+16(FP), R2
	MOVW	R0, x-4(SP)
	MOVW	$x-16(SP), R3
	MOVW	R1, 8(R13)
	BL	·leaf0(SB)
	MOVW	R0, r+24(FP)
	RET

// a loop and a backward branch inside a framed function; literal pool words
TEXT ·loop(SB), $32-8
	MOVW	x+0(FP), R0
	MOVW	$0x12345678, R5
again:
	SUB	$1, R0
	BL	·leaf0(SB)
	CMP	$0, R0
	BNE	again
	MOVW	$0x87654321, R6
	RET

// an SP write Go cannot follow (SPWRITE): reported, and the unwind tables stop there
// expect W0405
TEXT ·spwrite(SB), NOSPLIT, $0-0
	MOVW	R13, R1
	SUB	$64, R1
	MOVW	R1, R13
	ADD	$64, R13
	RET

// Go's linkpatch threads a branch to a JMP straight to the JMP's target, before the frame pass
TEXT ·threaded(SB), NOSPLIT|NOFRAME, $0-0
	CMP	$0, R0
	BEQ	a
	RET
a:
	JMP	b
	MOVW	$1, R1
b:
	RET

// a conditional SP change: Go's delta counts it as taken; the frame is unknown from there
// expect W0405
TEXT ·condsp(SB), NOSPLIT, $0-0
	CMP	$0, R0
	SUB.EQ	$8, R13
	ADD.EQ	$8, R13
	RET
