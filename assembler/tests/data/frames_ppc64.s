// The ppc64 frame corpus of tests/ppc64_frames.rs: every combination of Go 1.19's obj9.go
// preprocess (NOSPLIT or not, frame size classes, NOFRAME by flag, by $-8 and by leaf, the LR
// save with MOVDU and the large-frame form through R29, the epilogue at every RET, tail jumps,
// WRAPPER, NEEDCTXT, the stack check for small, middle and big frames, SP adjustments)
// assembled by Go 1.19 and by p9asm, for ppc64 and ppc64le: listings, pc tables and bytes must
// be equal.

#include "textflag.h"

// a leaf with no locals has no frame (Go marks it NOFRAME); no stack check even without NOSPLIT
TEXT ·leaf0(SB), $0-8
	MOVD	x+0(FP), R3
	RET

TEXT ·leaf0nosplit(SB), NOSPLIT, $0-0
	RET

// the historical NOFRAME marker, with a call: no frame, a leaf
TEXT ·marker(SB), NOSPLIT, $-8-0
	BL	·leaf0(SB)
	RET

TEXT ·noframeflag(SB), NOSPLIT|NOFRAME, $0-16
	MOVD	x+8(FP), R4
	BL	·leaf0(SB)
	RET

// a NOFRAME function that is not NOSPLIT still gets the stack check
TEXT ·noframesplit(SB), NOFRAME, $0-0
	BL	·leaf0(SB)
	RET

// leaves with locals: LR is saved anyway; auto-NOSPLIT below StackSmall
TEXT ·leaf8(SB), $8-0
	MOVD	R3, x-8(SP)
	RET

TEXT ·leaf16(SB), $16-0
	MOVD	R3, 32(R1)
	MOVD	R4, y-16(SP)
	RET

TEXT ·leaf96(SB), $96-0
	RET

// a leaf at StackSmall and over: not NOSPLIT, so it gets the stack check
TEXT ·leaf104(SB), $104-0
	RET

TEXT ·leaf200(SB), $200-0
	MOVD	R3, 200(R1)
	RET

// calls: the frame is at least the fixed frame
TEXT ·call0(SB), $0-0
	BL	·leaf0(SB)
	RET

TEXT ·call8(SB), $8-8
	MOVD	x+0(FP), R3
	MOVD	R3, y-8(SP)
	BL	·leaf0(SB)
	RET

TEXT ·call16(SB), $16-16
	MOVD	x+0(FP), R3
	MOVD	R3, 32(R1)
	BL	·leaf0(SB)
	MOVD	40(R1), R3
	MOVD	R3, r+8(FP)
	RET

TEXT ·callnosplit(SB), NOSPLIT, $32-0
	BL	·leaf0(SB)
	RET

// StackSmall boundary: up to 128 the check compares SP directly
TEXT ·small96(SB), $96-0
	BL	·leaf0(SB)
	RET

TEXT ·small104(SB), $104-0
	BL	·leaf0(SB)
	RET

TEXT ·mid1000(SB), $1000-0
	BL	·leaf0(SB)
	RET

// StackBig boundary: beyond 4096 SP is compared with the offset first
TEXT ·mid4064(SB), $4064-0
	BL	·leaf0(SB)
	RET

TEXT ·big4096(SB), $4096-0
	BL	·leaf0(SB)
	RET

TEXT ·big70000(SB), $70000-0
	BL	·leaf0(SB)
	RET

// MOVDU reaches BIG (32760): larger frames save LR through R29, then ADD to R1
TEXT ·movdu32720(SB), NOSPLIT, $32720-0
	BL	·leaf0(SB)
	RET

TEXT ·large32728(SB), NOSPLIT, $32736-0
	BL	·leaf0(SB)
	RET

TEXT ·huge(SB), $1048576-0
	BL	·leaf0(SB)
	RET

TEXT ·bigleaf(SB), NOSPLIT, $5000-0
	MOVD	R3, 32(R1)
	RET

// several RETs, a branch to a RET, RET in the middle
TEXT ·rets(SB), $16-8
	MOVD	x+0(FP), R3
	CMP	R3, $0
	BEQ	done
	BL	·leaf0(SB)
	CMP	R3, $1
	BEQ	2(PC)
	RET
	BL	·leaf0(SB)
done:
	RET

// tail jumps: RET sym is BR sym after the epilogue
TEXT ·tail(SB), $8-0
	BL	·leaf0(SB)
	RET	·leaf0(SB)

TEXT ·tailleaf(SB), $16-0
	MOVD	R3, 32(R1)
	RET	·leaf0(SB)

TEXT ·tailnoframe(SB), NOSPLIT, $0-0
	RET	·leaf0(SB)

// WRAPPER: the argp fix-up after the prologue, for non-leaves
TEXT ·wrap(SB), WRAPPER, $16-8
	MOVD	x+0(FP), R3
	BL	·leaf0(SB)
	RET

TEXT ·wrapnosplit(SB), NOSPLIT|WRAPPER, $0-0
	BL	·leaf0(SB)
	RET

TEXT ·wrapbig(SB), WRAPPER, $5000-0
	BL	·leaf0(SB)
	RET

TEXT ·wrapleaf(SB), WRAPPER, $16-0
	MOVD	R3, 32(R1)
	RET

// NEEDCTXT calls runtime.morestack, the others morestack_noctxt
TEXT ·ctxt(SB), NEEDCTXT, $16-0
	MOVD	R11, 32(R1)
	BL	·leaf0(SB)
	RET

TEXT ·top(SB), TOPFRAME|NOSPLIT, $16-0
	BL	·leaf0(SB)
	RET

// calls through CTR and LR
TEXT ·indirect(SB), $16-0
	MOVD	$·leaf0(SB), R12
	MOVD	R12, CTR
	BL	(CTR)
	RET

// explicit SP adjustments are tracked (Go's Spadj for ADD $c, R1 and MOVDU)
TEXT ·adjust(SB), $16-0
	ADD	$-32, R1
	MOVD	R3, 32(R1)
	BL	·leaf0(SB)
	ADD	$32, R1
	RET

TEXT ·adjustu(SB), NOSPLIT, $0-0
	MOVDU	R3, -16(R1)
	ADD	$16, R1
	RET

// span9's far conditional branches (over 32 KB): a branch on a CR bit or on CTR is inverted
// around a BR; an unconditional BC gets a two-BR trampoline; forward and backward
#define N8 ADD $1, R3; ADD $1, R3; ADD $1, R3; ADD $1, R3; ADD $1, R3; ADD $1, R3; ADD $1, R3; ADD $1, R3
#define N64 N8; N8; N8; N8; N8; N8; N8; N8
#define N512 N64; N64; N64; N64; N64; N64; N64; N64
#define N4096 N512; N512; N512; N512; N512; N512; N512; N512
TEXT ·far(SB), NOSPLIT, $0-0
back:
	BEQ	done
	BDNZ	done
	BC	$20, CR0LT, done
	N4096
	N4096
	BNE	back
	BC	$20, CR1GT, back
done:
	RET
