/* util.h - ex04_fastfood: the program's output stream and fatal errors.
 *
 * Every line a demonstration prints goes through say(), so that a test can
 * point the output at a file (say_to) and compare it with a transcript.
 * Running out of memory is not something a teaching program recovers from:
 * xcalloc() stops the program with a message instead of returning NULL.
 */
#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>
#include <stdio.h>

/* Print one line (a newline is added) on the output stream. */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Send say()'s lines to `out` from now on (stdout until then). */
void say_to(FILE *out);

/* Print "fatal: ..." on stderr and exit with status 1. */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* calloc() that never returns NULL: it dies instead. */
void *xcalloc(size_t count, size_t size);

#endif
