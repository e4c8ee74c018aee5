// Calls p9asm's add2 directly and through a function pointer (ELFv1: the descriptor path).
long add2(long, long);
long (*volatile fp)(long, long) = add2;
int main(void) { return !(add2(1, 2) == 3 && fp(40, 2) == 42 && (*fp)(-1, 1) == 0); }
