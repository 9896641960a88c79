/* util.c - ex05_select_io: the program's output streams and fatal errors. */
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* diff -I leaves this line out of make diff-exNN: it names the step. */
const char program_name[] = "ex05_select_io";

FILE *trace_stream;             /* NULL: not tracing */

static FILE *say_out;           /* NULL means stdout (not a constant in C) */
static int write_error;         /* errno of the first failed write, or 0 */

void say_to(FILE *out)
{
    say_out = out;
}

void trace_to(FILE *out)
{
    trace_stream = out;
}

/* Remember the first write that failed; finish() reports it. */
static void check_write(int written)
{
    if (written < 0 && write_error == 0)
        write_error = errno ? errno : EIO;
}

/* Errors are remembered rather than reported at once: a demonstration
 * should not need an error check after every line it prints. */
void say(const char *fmt, ...)
{
    FILE *out = say_out ? say_out : stdout;
    va_list ap;

    va_start(ap, fmt);
    check_write(vfprintf(out, fmt, ap));
    va_end(ap);
    check_write(fputc('\n', out));
}

void trace(const char *fmt, ...)
{
    va_list ap;

    if (trace_stream == NULL)
        return;
    fflush(say_out ? say_out : stdout);     /* what was said comes first */
    va_start(ap, fmt);
    vfprintf(trace_stream, fmt, ap);
    va_end(ap);
    fputc('\n', trace_stream);
}

void die(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);                 /* what was said comes before the error */
    fprintf(stderr, "%s: ", program_name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);                        /* exit, not abort: a user's mistake or
                                       a full machine, not a bug */
}

int finish(int status)
{
    /* stdout is buffered: most writes only fail here, at the last flush. */
    if (fflush(stdout) != 0)
        check_write(-1);
    if (write_error == 0 && ferror(stdout))
        write_error = EIO;
    if (write_error == 0)
        return status;
    fprintf(stderr, "%s: cannot write the output: %s\n", program_name,
            strerror(write_error));
    return 1;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count, size);

    if (p == NULL)
        die("out of memory (%zu x %zu bytes)", count, size);
    return p;
}
