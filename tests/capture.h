/* capture.h - for every step's tests: catch what the code under test prints.
 *
 * It needs only util.h's say_to(), which every step has, so any
 * tests/exNN/test_*.c can include it: tests/Makefile compiles them from
 * tests/ with -I. (the step's own headers come first, with -I../exNN_*).
 *
 * say() goes to a memory stream for the length of each test (cmocka's
 * setup and teardown: capture_setup, capture_teardown); said() returns
 * everything said so far. capture_stderr() / release_stderr() do the same
 * for stderr, around a call that should complain there. capture_trace() /
 * traced() / release_trace() catch what the loop tells with --trace
 * (util.h's trace_to()), so a test can compare it line for line; the
 * teardown turns tracing off again, even after a failed check.
 *
 * The functions are `static inline` so that a test program that uses only
 * some of them still builds with -Werror (no unused-function warning).
 * Include it after cmocka.h.
 */
#ifndef CAPTURE_H
#define CAPTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

static FILE *capture_out;       /* where say() writes during a test */
static char *capture_text;      /* its contents (open_memstream) */
static size_t capture_size;

static inline int capture_setup(void **state)
{
    (void)state;
    capture_out = open_memstream(&capture_text, &capture_size);
    if (capture_out == NULL)
        return -1;
    say_to(capture_out);
    return 0;
}

static inline void release_trace(void);

static inline int capture_teardown(void **state)
{
    (void)state;
    release_trace();            /* a failed check may have left it on */
    say_to(NULL);               /* back to stdout */
    fclose(capture_out);
    free(capture_text);
    capture_out = NULL;
    capture_text = NULL;
    return 0;
}

/* Everything said since the test started. */
static inline const char *said(void)
{
    fflush(capture_out);        /* open_memstream updates the text on flush */
    return capture_text;
}

/* Where said() is now: said_since(said_mark()) later is only what was said
 * in between. */
static inline size_t said_mark(void)
{
    fflush(capture_out);
    return capture_size;
}

static inline const char *said_since(size_t mark)
{
    return said() + mark;
}

static FILE *capture_err;       /* stands in for stderr between the two */
static int capture_saved_stderr;

static inline void capture_stderr(void)
{
    fflush(stderr);
    capture_err = tmpfile();
    assert_non_null(capture_err);
    capture_saved_stderr = dup(STDERR_FILENO);
    assert_true(capture_saved_stderr >= 0);
    assert_true(dup2(fileno(capture_err), STDERR_FILENO) >= 0);
}

/* Put stderr back and return what was written to it meanwhile. */
static inline const char *release_stderr(void)
{
    static char text[1024];
    size_t n;

    fflush(stderr);
    dup2(capture_saved_stderr, STDERR_FILENO);
    close(capture_saved_stderr);
    rewind(capture_err);
    n = fread(text, 1, sizeof text - 1, capture_err);
    text[n] = '\0';
    fclose(capture_err);
    return text;
}

/* ---- trace ------------------------------------------------------------ */

static FILE *capture_trace_out; /* where trace() writes, between the two */
static char *capture_trace_text;
static size_t capture_trace_size;

/* Turn tracing on, into memory: traced() returns what the loop told. */
static inline void capture_trace(void)
{
    capture_trace_out = open_memstream(&capture_trace_text,
                                       &capture_trace_size);
    assert_non_null(capture_trace_out);
    trace_to(capture_trace_out);
}

/* Everything traced since capture_trace(). Valid until release_trace(). */
static inline const char *traced(void)
{
    fflush(capture_trace_out);  /* open_memstream updates the text on flush */
    return capture_trace_text;
}

/* Turn tracing off (trace_to(NULL), the default) and free the text. Safe
 * to call when no trace was captured. */
static inline void release_trace(void)
{
    trace_to(NULL);
    if (capture_trace_out == NULL)
        return;
    fclose(capture_trace_out);
    free(capture_trace_text);
    capture_trace_out = NULL;
    capture_trace_text = NULL;
}

#endif
