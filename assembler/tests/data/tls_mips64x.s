// Go 1.19's runtime/tls_mips64x.s without its go_asm.h include (which it does not use): the
// g register saved to and loaded from the TLS variable runtime·tls_g, so that the objects test
// sees the TLS relocations Go's linker writes (R_MIPS_TLS_TPREL_HI16/LO16) and links them.

#include "go_tls.h"
#include "funcdata.h"
#include "textflag.h"

// If !iscgo, this is a no-op.
//
// NOTE: mcall() assumes this clobbers only R23 (REGTMP).
TEXT runtime·save_g(SB),NOSPLIT|NOFRAME,$0-0
	MOVB	runtime·iscgo(SB), R23
	BEQ	R23, nocgo

	MOVV	R3, R23	// save R3
	MOVV	g, runtime·tls_g(SB) // TLS relocation clobbers R3
	MOVV	R23, R3	// restore R3

nocgo:
	RET

TEXT runtime·load_g(SB),NOSPLIT|NOFRAME,$0-0
	MOVV	runtime·tls_g(SB), g // TLS relocation clobbers R3
	RET

GLOBL runtime·tls_g(SB), TLSBSS, $8
GLOBL runtime·iscgo(SB), NOPTR, $1
