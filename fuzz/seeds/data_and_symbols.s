#include "textflag.h"
GLOBL ·t(SB), TLSBSS, $8
DATA ·t+0(SB)/8, $1
GLOBL x(SB), $1099511627776
TEXT ·f(SB), NOSPLIT, $0
	CALL x<>(SB)
	MOVQ (TLS), AX
	RET
