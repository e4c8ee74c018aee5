// Included by the trampolines: a change here must rerun the build script.
#define SCALED(r) IMULQ $SCALE, r
