#define M(a,b) MOVQ a, b
#define N(off) MOVQ off(SP), AX
TEXT ·f(SB),4,$8
	M(AX,)
	N()
#line 4294967295 "x.s"
	RET
