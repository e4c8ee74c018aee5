#include "textflag.h"
TEXT ·f(SB), NOSPLIT, $0-8
	MOVSD	$1.5, X0
	ADDSD	$2.25, X0
	MOVSS	$0.5, X1
	MOVSD	$0.0, X2
	MOVSD	X0, ret+0(FP)
	RET
