// Go 1.19's runtime/tls_s390x.s without its go_asm.h include (which it does not use): the g
// register (R13) saved to and loaded from the TLS variable runtime·tls_g through the access
// registers, so that the objects test sees the TLS relocation Go's linker writes
// (R_390_TLS_LE64) and links it.

#include "go_tls.h"
#include "funcdata.h"
#include "textflag.h"

// If !iscgo, this is a no-op.
//
// NOTE: setg_gcc<> assume this clobbers only R10 and R11.
TEXT runtime·save_g(SB),NOSPLIT|NOFRAME,$0-0
	MOVB	runtime·iscgo(SB),  R10
	CMPBEQ	R10, $0, nocgo
	MOVW	AR0, R11
	SLD	$32, R11
	MOVW	AR1, R11
	MOVD	runtime·tls_g(SB), R10
	MOVD	g, 0(R10)(R11*1)
nocgo:
	RET

TEXT runtime·load_g(SB),NOSPLIT|NOFRAME,$0-0
	MOVW	AR0, R11
	SLD	$32, R11
	MOVW	AR1, R11
	MOVD	runtime·tls_g(SB), R10
	MOVD	0(R10)(R11*1), g
	RET

GLOBL runtime·tls_g+0(SB),TLSBSS,$8
GLOBL runtime·iscgo(SB), NOPTR, $1
