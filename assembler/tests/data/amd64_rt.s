// A minimal "runtime" for linking the amd64 stubs into a static executable in tests:
// it defines what the stubs reference and a _start that calls reflectcall once.
#include "textflag.h"
#include "go_tls.h"

GLOBL runtime·tlsg(SB), TLSBSS, $8

DATA runtime·no_pointers_stackmap+0(SB)/4, $2
DATA runtime·no_pointers_stackmap+4(SB)/4, $0
GLOBL runtime·no_pointers_stackmap(SB), RODATA, $8

// a g: stack bounds, stackguard0 at 16 (0: no split check fails), _panic at 32
GLOBL rtg<>(SB), NOPTR, $64

DATA result<>+0(SB)/8, $0
GLOBL result<>(SB), NOPTR, $8

// reflectcallmove(typ, dst, src, size): the copy, and a record of the size
TEXT runtime·reflectcallmove(SB), NOSPLIT, $0-32
	MOVQ	dst+8(FP), DI
	MOVQ	src+16(FP), SI
	MOVQ	size+24(FP), CX
	MOVQ	CX, result<>(SB)
	REP;	MOVSB
	RET

TEXT runtime·badreflectcall(SB), NOSPLIT, $0-0
	MOVQ	$60, AX
	MOVQ	$3, DI
	SYSCALL
	RET

TEXT runtime·morestack_noctxt(SB), NOSPLIT, $0-0
	MOVQ	$60, AX
	MOVQ	$4, DI
	SYSCALL
	RET

// callee for reflectcall: ret = a + b
TEXT ·add(SB), NOSPLIT, $0-24
	MOVQ	a+0(FP), AX
	ADDQ	b+8(FP), AX
	MOVQ	AX, ret+16(FP)
	RET

DATA addfn<>+0(SB)/8, $·add(SB)
GLOBL addfn<>(SB), NOPTR, $8

GLOBL args<>(SB), NOPTR, $24

// static TLS: the thread pointer points at the end of this block (x86-64 TLS variant II)
GLOBL tlsarea<>(SB), NOPTR, $128

TEXT _start(SB), NOSPLIT, $40-0
	// arch_prctl(ARCH_SET_FS, &tlsarea[128])
	MOVQ	$158, AX
	MOVQ	$0x1002, DI
	LEAQ	tlsarea<>+128(SB), SI
	SYSCALL
	LEAQ	rtg<>(SB), AX
	MOVQ	AX, (TLS)
	MOVQ	$40, args<>+0(SB)
	MOVQ	$2, args<>+8(SB)
	MOVQ	$0, 0(SP)
	LEAQ	addfn<>(SB), AX
	MOVQ	AX, 8(SP)
	LEAQ	args<>(SB), AX
	MOVQ	AX, 16(SP)
	MOVL	$24, 24(SP)
	MOVL	$16, 28(SP)
	CALL	runtime·reflectcall(SB)
	// exit(args[2] == 42 && result == 8 ? 0 : 1)
	MOVQ	$1, DI
	MOVQ	args<>+16(SB), AX
	CMPQ	AX, $42
	JNE	done
	MOVQ	result<>(SB), AX
	CMPQ	AX, $8
	JNE	done
	MOVQ	$0, DI
done:
	MOVQ	$60, AX
	SYSCALL
	RET
