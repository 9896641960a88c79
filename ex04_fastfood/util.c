/* util.c - ex04_fastfood: the program's output stream and fatal errors. */
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>

static FILE *say_out;           /* NULL means stdout (not a constant in C) */

void say_to(FILE *out)
{
    say_out = out;
}

void say(const char *fmt, ...)
{
    FILE *out = say_out ? say_out : stdout;
    va_list ap;

    va_start(ap, fmt);
    vfprintf(out, fmt, ap);
    va_end(ap);
    fputc('\n', out);
}

void die(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fputs("fatal: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count, size);

    if (p == NULL)
        die("out of memory (%zu x %zu bytes)", count, size);
    return p;
}
