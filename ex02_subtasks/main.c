/* main.c - ex02_subtasks: the demonstrations, in the tutorial's order.
 *
 * 1. yield from: example runs subtask inside itself, to its end;
 * 2. ensure_future: example asks the loop to run subtask beside it;
 * 3. a longer subtask outlives example (run_until_complete stops early);
 * 4. run_until_empty finishes what is left;
 * 5. cancel: example cancels the subtask it launched.
 */
#include <stdio.h>
#include <string.h>

#include "coroutines.h"
#include "loop.h"
#include "task.h"
#include "util.h"

#define SHORT_SUBTASK 2         /* rounds: ends before example */
#define LONG_SUBTASK 5          /* rounds: outlives example */

static const char usage[] =
    "usage: ex02_subtasks [--trace] [--help]\n"
    "\n"
    "Step 2 of 7: talking to the loop. A coroutine leaves a request in its\n"
    "task's mailbox and yields; the loop answers it, like a system call.\n"
    "Prints five demonstrations: yield from (a subtask run inside a task),\n"
    "ensure_future (a subtask launched as a task of its own), a subtask\n"
    "that outlives its launcher, run_until_empty, and cancel.\n"
    "\n"
    "  --trace     tell, on stderr, what the loop does at each turn\n"
    "  -h, --help  print this help\n";

/* Run example(mode) and everything it launches on a fresh loop. */
static void demonstrate(const char *title, example_mode mode, int rounds)
{
    task *t = task_new(example(mode, rounds));
    loop l;

    say("## %s", title);
    loop_init(&l);
    loop_schedule(&l, t);
    if (loop_run_until_empty(&l) < 0)
        die("the loop failed");
    loop_close(&l);
    task_unref(t);
}

/* DOC: outlives */
static void subtask_outlives_example(void)
{
    task *t = task_new(example(EXAMPLE_ENSURE_FUTURE, LONG_SUBTASK));
    loop l;

    say("## a longer subtask outlives example");
    loop_init(&l);
    if (loop_run_until_complete(&l, t) < 0)
        die("the loop failed");
    say("## run_until_empty");
    if (loop_run_until_empty(&l) < 0)     /* the subtask is still queued */
        die("the loop failed");
    loop_close(&l);
    task_unref(t);
}
/* DOC: end */

/* The command line: --trace, --help. Returns -1 to run, else the exit
 * status (0 after --help, 2 after a mistake). */
static int parse_options(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--trace") == 0) {
            trace_to(stderr);
        } else if (strcmp(argv[i], "--help") == 0 ||
                   strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        } else {
            fprintf(stderr, "%s: unknown option '%s'\n\n%s", program_name,
                    argv[i], usage);
            return 2;
        }
    }
    return -1;
}

int main(int argc, char **argv)
{
    int status = parse_options(argc, argv);

    if (status >= 0)
        return finish(status);
    demonstrate("yield from: sequential", EXAMPLE_YIELD_FROM, SHORT_SUBTASK);
    demonstrate("ensure_future: concurrent", EXAMPLE_ENSURE_FUTURE,
                SHORT_SUBTASK);
    subtask_outlives_example();
    demonstrate("cancel", EXAMPLE_CANCEL, LONG_SUBTASK);
    return finish(0);
}
