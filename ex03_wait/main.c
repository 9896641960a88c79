/* main.c - ex03_wait: the demonstrations.
 *
 * 1. the tutorial's: main_task waits for repeat("spam", 10),
 *    repeat("eggs", 3) and repeat("bacon", 5), which run in parallel;
 * 2. beyond the tutorial: one of the three fails, and wait() counts it.
 */
#include <stdio.h>
#include <string.h>

#include "coroutines.h"
#include "loop.h"
#include "task.h"
#include "util.h"

static const char usage[] =
    "usage: ex03_wait [--trace] [--help]\n"
    "\n"
    "Step 3 of 7: waiting for several tasks. wait(tasks) launches each task\n"
    "that has not started, yields until every one is done, and returns how\n"
    "many finished and how many failed. Prints the tutorial's demonstration\n"
    "(spam, eggs and bacon in parallel), then the same with a task that\n"
    "fails, so you can see the ERROR path.\n"
    "\n"
    "  --trace     tell, on stderr, what the loop does at each turn\n"
    "  -h, --help  print this help\n";

/* Run main_task over three tasks on a fresh loop. */
static void run_main_task(coro *first, coro *second, coro *third)
{
    task *tasks[] = { task_new(first), task_new(second), task_new(third) };
    task *t = task_new(main_task(tasks, 3));    /* it takes our references */
    loop l;

    loop_init(&l);
    if (loop_run_until_complete(&l, t) < 0)
        die("the loop failed");
    loop_close(&l);
    task_unref(t);
}

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
    say("## the tutorial: spam, eggs and bacon in parallel");
    run_main_task(repeat("spam", 10), repeat("eggs", 3), repeat("bacon", 5));
    say("## a task that fails");
    run_main_task(repeat("spam", 3), failing_repeat("toast", 2),
                  repeat("eggs", 3));
    return finish(0);
}
