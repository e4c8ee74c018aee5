// A function named for C (no package qualifier) in C's calling convention: on ELFv1 its symbol
// is an .opd descriptor, which is what a C function pointer holds and calls through.
#include "textflag.h"

// add2(a, b) = a + b: arguments in R3 and R4, result in R3
TEXT add2(SB), NOSPLIT|NOFRAME, $0-0
	ADD	R4, R3
	RET
