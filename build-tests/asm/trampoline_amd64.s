// C-callable entry points into Go assembly (System V in, Go's ABI0 out).
#include "textflag.h"
#include "scale.h"

// md5_block(state *uint32, p *byte, len uintptr): crypto/md5's block(dig *digest, p []byte),
// whose digest starts with the state. Go code keeps none of C's callee-saved registers, so
// they are saved here.
TEXT md5_block(SB), NOSPLIT, $80-0
	MOVQ	BX, 32(SP)
	MOVQ	R12, 40(SP)
	MOVQ	R13, 48(SP)
	MOVQ	R14, 56(SP)
	MOVQ	R15, 64(SP)
	MOVQ	DI, 0(SP)
	MOVQ	SI, 8(SP)
	MOVQ	DX, 16(SP)
	MOVQ	DX, 24(SP)
	CALL	crypto∕md5·block(SB)
	MOVQ	32(SP), BX
	MOVQ	40(SP), R12
	MOVQ	48(SP), R13
	MOVQ	56(SP), R14
	MOVQ	64(SP), R15
	RET

// add_scaled(a, b int64) int64 = (a + b) * SCALE, SCALE from Build::define
TEXT add_scaled(SB), NOSPLIT, $0-0
	LEAQ	(DI)(SI*1), AX
	SCALED(AX)
	RET
