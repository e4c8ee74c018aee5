// A minimal "runtime" for linking the 386 stubs into a static executable in tests:
// it defines what the stubs reference and a _start that calls reflectcall once.
#include "textflag.h"
#include "go_tls.h"

GLOBL runtime·tlsg(SB), TLSBSS, $4

DATA runtime·no_pointers_stackmap+0(SB)/4, $2
DATA runtime·no_pointers_stackmap+4(SB)/4, $0
GLOBL runtime·no_pointers_stackmap(SB), RODATA, $8

// a g: stack bounds, stackguard0 at 8 (0: no split check fails), _panic at 16
GLOBL rtg<>(SB), NOPTR, $64

DATA result<>+0(SB)/4, $0
GLOBL result<>(SB), NOPTR, $4

// reflectcallmove(typ, dst, src, size): the copy, and a record of the size
TEXT runtime·reflectcallmove(SB), NOSPLIT, $0-16
	MOVL	dst+4(FP), DI
	MOVL	src+8(FP), SI
	MOVL	size+12(FP), CX
	MOVL	CX, result<>(SB)
	REP;	MOVSB
	RET

TEXT runtime·badreflectcall(SB), NOSPLIT, $0-0
	MOVL	$1, AX
	MOVL	$3, BX
	INT	$0x80
	RET

TEXT runtime·morestack_noctxt(SB), NOSPLIT, $0-0
	MOVL	$1, AX
	MOVL	$4, BX
	INT	$0x80
	RET

// callee for reflectcall: ret = a + b
TEXT ·add(SB), NOSPLIT, $0-12
	MOVL	a+0(FP), AX
	ADDL	b+4(FP), AX
	MOVL	AX, ret+8(FP)
	RET

DATA addfn<>+0(SB)/4, $·add(SB)
GLOBL addfn<>(SB), NOPTR, $4

GLOBL args<>(SB), NOPTR, $12

// static TLS (variant II): the thread pointer is tlsarea+128, and the word there points at
// itself (movl %gs:0 reads the thread pointer)
GLOBL tlsarea<>(SB), NOPTR, $136
// set_thread_area's struct user_desc: entry -1 (pick one), base, limit 0xfffff in pages,
// seg_32bit|limit_in_pages|useable
GLOBL desc<>(SB), NOPTR, $16

TEXT _start(SB), NOSPLIT, $20-0
	LEAL	tlsarea<>+128(SB), AX
	MOVL	AX, tlsarea<>+128(SB)
	MOVL	$-1, desc<>+0(SB)
	MOVL	AX, desc<>+4(SB)
	MOVL	$0xfffff, desc<>+8(SB)
	MOVL	$0x51, desc<>+12(SB)
	MOVL	$243, AX
	LEAL	desc<>(SB), BX
	INT	$0x80
	CMPL	AX, $0
	JNE	fail
	MOVL	desc<>+0(SB), AX
	SHLL	$3, AX
	ORL	$3, AX
	MOVW	AX, GS
	get_tls(CX)
	LEAL	rtg<>(SB), AX
	MOVL	AX, g(CX)
	MOVL	$40, args<>+0(SB)
	MOVL	$2, args<>+4(SB)
	MOVL	$0, 0(SP)
	LEAL	addfn<>(SB), AX
	MOVL	AX, 4(SP)
	LEAL	args<>(SB), AX
	MOVL	AX, 8(SP)
	MOVL	$12, 12(SP)
	MOVL	$8, 16(SP)
	CALL	runtime·reflectcall(SB)
	// exit(args[2] == 42 && result == 4 && g is still rtg ? 0 : 1)
	MOVL	$1, BX
	MOVL	args<>+8(SB), AX
	CMPL	AX, $42
	JNE	done
	MOVL	result<>(SB), AX
	CMPL	AX, $4
	JNE	done
	get_tls(CX)
	MOVL	g(CX), AX
	LEAL	rtg<>(SB), DX
	CMPL	AX, DX
	JNE	done
	MOVL	$0, BX
done:
	MOVL	$1, AX
	INT	$0x80
	RET
fail:
	MOVL	$5, BX
	JMP	done
