// The 386 frame corpus of tests/i386_frames.rs: every combination of Go 1.19's obj6.go
// preprocess in 32-bit mode (NOSPLIT or not, the three stack-check sizes, NOFRAME, $-4, frames
// with and without calls (386 never saves BP and has no leaf auto-NOSPLIT), WRAPPER with and
// without a frame and a stack check, NEEDCTXT, TOPFRAME, PUSHL/POPL, ADJSP, several RETs, tail
// jumps, the two-instruction TLS load of g) assembled by Go 1.19 and by p9asm: listings, pc
// tables and bytes must be equal.

#include "textflag.h"
#include "go_tls.h"

TEXT ·pushpop(SB), NOSPLIT, $0-0
	PUSHL	AX
	PUSHL	CX
	MOVL	$1, AX
	POPL	CX
	POPL	AX
	RET

TEXT ·saves(SB), NOSPLIT, $0-0
	PUSHL	BX
	PUSHL	SI
	PUSHL	DI
	MOVL	$1, BX
	POPL	DI
	POPL	SI
	POPL	BX
	RET

TEXT ·flags(SB), NOSPLIT, $0-0
	PUSHFL
	PUSHL	AX
	PUSHW	AX
	POPW	AX
	POPL	AX
	POPFL
	RET

TEXT ·adjsp(SB), NOSPLIT, $0-0
	ADJSP	$16
	ADJSP	$128
	MOVL	AX, 0(SP)
	ADJSP	$-128
	ADJSP	$-16
	RET

TEXT ·join(SB), NOSPLIT, $0-4
	MOVL	x+0(FP), AX
	PUSHL	AX
	CMPL	AX, $0
	JEQ	neg
	ADDL	$1, AX
	JMP	done
neg:
	SUBL	$1, AX
done:
	POPL	AX
	RET

TEXT ·midret(SB), NOSPLIT, $12-4
	MOVL	x+0(FP), AX
	CMPL	AX, $0
	JEQ	zero
	CMPL	AX, $1
	JEQ	one
	MOVL	AX, 0(SP)
	RET
zero:
	MOVL	$0, 4(SP)
	RET
one:
	RET

// the same with frames amd64p32 can have too (multiples of 8: tests/amd64p32_frames.rs)
TEXT ·midret16(SB), NOSPLIT, $16-4
	MOVL	x+0(FP), AX
	CMPL	AX, $0
	JEQ	zero
	MOVL	AX, 0(SP)
	RET
zero:
	MOVL	$0, 8(SP)
	RET

TEXT ·checked16(SB), $16-8
	MOVL	x+0(FP), AX
	CMPL	AX, $0
	JNE	more
	MOVL	AX, ret+4(FP)
	RET
more:
	MOVL	AX, 0(SP)
	CALL	·pushpop(SB)
	RET

// leaves: 386 has no automatic NOSPLIT for small leaves, so they are checked
TEXT ·leaf0(SB), $0-4
	MOVL	x+0(FP), AX
	RET

TEXT ·leaf8(SB), $8-0
	MOVL	AX, x-8(SP)
	RET

TEXT ·checked(SB), $12-4
	MOVL	x+0(FP), AX
	CMPL	AX, $0
	JNE	more
	RET
more:
	MOVL	AX, 0(SP)
	CALL	·pushpop(SB)
	RET

TEXT ·zeroframe(SB), $0-0
	CALL	·pushpop(SB)
	RET

TEXT ·small128(SB), $128-0
	CALL	·pushpop(SB)
	RET

TEXT ·bigframe(SB), $200-0
	MOVL	AX, 0(SP)
	CALL	·pushpop(SB)
	RET

TEXT ·big4096(SB), $4096-0
	CALL	·pushpop(SB)
	RET

TEXT ·hugeframe(SB), $5000-0
	MOVL	AX, 0(SP)
	CALL	·pushpop(SB)
	RET

TEXT ·needctxt(SB), NEEDCTXT, $8-0
	MOVL	DX, 0(SP)
	CALL	·pushpop(SB)
	RET

TEXT ·needctxtbig(SB), NEEDCTXT, $5000-0
	CALL	·pushpop(SB)
	RET

TEXT ·wrap(SB), WRAPPER, $16-4
	MOVL	x+0(FP), AX
	CALL	·pushpop(SB)
	RET

TEXT ·wrapnosplit(SB), NOSPLIT|WRAPPER, $8-0
	MOVL	AX, 0(SP)
	RET

TEXT ·wrapzero(SB), NOSPLIT|WRAPPER, $0-8
	MOVL	x+0(FP), AX
	RET

TEXT ·wrapbig(SB), WRAPPER, $5000-8
	CALL	·pushpop(SB)
	RET

TEXT ·top(SB), NOSPLIT|TOPFRAME, $0-0
	PUSHL	AX
	POPL	AX
	RET

TEXT ·topframed(SB), TOPFRAME, $16-0
	CALL	·pushpop(SB)
	RET

TEXT ·noframe(SB), NOSPLIT|NOFRAME, $16-0
	MOVL	AX, 0(SP)
	RET

TEXT ·noframecall(SB), NOFRAME, $0-0
	CALL	·pushpop(SB)
	RET

TEXT ·f4(SB), NOSPLIT, $4-0
	MOVL	AX, 0(SP)
	RET

TEXT ·f16(SB), NOSPLIT, $16-0
	MOVL	AX, 8(SP)
	RET

TEXT ·fneg(SB), NOSPLIT, $-4-0
	RET

TEXT ·fneg4split(SB), $-4-0
	RET

TEXT ·framesaves(SB), NOSPLIT, $16-0
	PUSHL	BX
	PUSHL	SI
	MOVL	$1, BX
	POPL	SI
	POPL	BX
	RET

TEXT ·tail(SB), NOSPLIT, $0-0
	PUSHL	AX
	POPL	AX
	JMP	·pushpop(SB)

TEXT ·tailret(SB), NOSPLIT, $16-0
	MOVL	AX, 0(SP)
	RET	·pushpop(SB)

// g through TLS as the runtime reaches it
TEXT ·getg(SB), NOSPLIT, $0-4
	get_tls(CX)
	MOVL	g(CX), AX
	MOVL	AX, ret+0(FP)
	RET

TEXT ·tlsload(SB), NOSPLIT, $0-4
	MOVL	(TLS), AX
	MOVL	AX, BX
	MOVL	(TLS), CX
	MOVL	(TLS), DX
	MOVL	DX, ret+0(FP)
	RET

TEXT ·tlsend(SB), NOSPLIT, $0-0
	MOVL	(TLS), AX
	UNDEF
