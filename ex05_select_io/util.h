/* util.h - ex05_select_io: the program's output streams and fatal errors.
 *
 * Every line a demonstration prints goes through say(), so that a test can
 * point the output at a file (say_to) and compare it with a transcript.
 * With --trace, the loop also tells what it does each turn, through
 * trace(), on stderr: a separate stream, so the transcript stays exact.
 * Running out of memory is not something a teaching program recovers from:
 * xcalloc() stops the program with a message instead of returning NULL.
 */
#ifndef UTIL_H
#define UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Two hints for the loop's turn, which runs once per task step and so is
 * the program's hot path (make bench measures it). HOT_INLINE puts a
 * function's body into its callers, with no call to pay; COLD keeps a
 * rarely run function (tracing, error reports) out of them, so the turn
 * stays a few dozen instructions. GCC extensions, which clang shares. */
#define HOT_INLINE __attribute__((always_inline)) inline
#define COLD __attribute__((cold, noinline))

/* The program's name, for messages: "ex05_select_io". */
extern const char program_name[];

/* Print one line (a newline is added) on the output stream. */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Send say()'s lines to `out` from now on (stdout until then). */
void say_to(FILE *out);

/* Where trace() writes, or NULL (the default): tracing is off. */
extern FILE *trace_stream;

static inline bool tracing(void)
{
    return trace_stream != NULL;
}

/* Send trace() lines to `out` (stderr for --trace), or NULL for none. */
void trace_to(FILE *out);

/* Print one trace line, if tracing. say()'s stream is flushed first, so
 * that the two streams interleave in the order things happened. */
void trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "<program>: ..." on stderr and exit with status 1. */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* For main's return: flush the output and return `status`, or, if any
 * write failed (a full disk, a closed pipe), say so and return 1. */
int finish(int status);

/* calloc() that never returns NULL: it dies instead. */
void *xcalloc(size_t count, size_t size);

#endif
