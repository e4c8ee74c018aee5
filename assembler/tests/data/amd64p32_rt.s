// A minimal "runtime" for linking the amd64p32 stubs in tests (tests/amd64p32_objects.rs): it
// defines what the stubs reference and a _start that calls reflectcall once. It is linked two
// ways: as x32 (ELF32 x86-64, which this machine cannot run) and, converted with objcopy to
// elf64-x86-64 together with the stubs, into a static non-PIE x86-64 executable that runs:
// hence the x86-64 system calls (an x32 kernel entry would add __X32_SYSCALL_BIT). Every
// pointer stays below 4 GiB: the code and data of a non-PIE executable are, and _start moves
// the stack into .bss before anything else (the stubs' 32-bit SP arithmetic needs that).
#include "textflag.h"

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
	MOVQ	$60, AX
	MOVQ	$3, DI
	SYSCALL
	RET

TEXT runtime·morestack_noctxt(SB), NOSPLIT, $0-0
	MOVQ	$60, AX
	MOVQ	$4, DI
	SYSCALL
	RET

// callee for reflectcall: ret = a + b (4-byte slots)
TEXT ·add(SB), NOSPLIT, $0-12
	MOVL	a+0(FP), AX
	ADDL	b+4(FP), AX
	MOVL	AX, ret+8(FP)
	RET

DATA addfn<>+0(SB)/4, $·add(SB)
GLOBL addfn<>(SB), NOPTR, $4

GLOBL args<>(SB), NOPTR, $12

// static TLS: the thread pointer points at the end of this block (x86-64 TLS variant II)
GLOBL tlsarea<>(SB), NOPTR, $128
GLOBL stack<>(SB), NOPTR, $65536

// expect W0405: the stack moves below 4 GiB
TEXT _start(SB), NOSPLIT|NOFRAME, $0-0
	LEAQ	stack<>+65536(SB), SP
	// arch_prctl(ARCH_SET_FS, &tlsarea[128])
	MOVQ	$158, AX
	MOVQ	$0x1002, DI
	LEAQ	tlsarea<>+128(SB), SI
	SYSCALL
	LEAL	rtg<>(SB), AX
	MOVL	AX, (TLS)
	CALL	·testmain(SB)
	MOVQ	$60, AX
	MOVQ	$6, DI
	SYSCALL

// not NOSPLIT: its prologue checks the stack through g (MOVL (TLS), CX; CMPL SP, 8(CX))
TEXT ·testmain(SB), $24-0
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
	MOVQ	$1, DI
	MOVL	args<>+8(SB), AX
	CMPL	AX, $42
	JNE	done
	MOVL	result<>(SB), AX
	CMPL	AX, $4
	JNE	done
	MOVL	(TLS), AX
	LEAL	rtg<>(SB), DX
	CMPL	AX, DX
	JNE	done
	MOVQ	$0, DI
done:
	MOVQ	$60, AX
	SYSCALL
	RET
