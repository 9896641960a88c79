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
    "usage: ex03_wait [--help]\n"
    "\n"
    "Step 3 of 7: waiting for several tasks. wait(tasks) launches each task\n"
    "that has not started, yields until every one is done, and returns how\n"
    "many finished and how many failed. Prints the tutorial's demonstration\n"
    "(spam, eggs and bacon in parallel), then the same with a task that\n"
    "fails, so you can see the ERROR path.\n";

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

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (argc > 1) {
        fprintf(stderr, "ex03_wait: unknown option '%s'\n\n%s",
                argv[1], usage);
        return 2;
    }
    run_main_task(repeat("spam", 10), repeat("eggs", 3), repeat("bacon", 5));
    say("## a task that fails");
    run_main_task(repeat("spam", 3), failing_repeat("toast", 2),
                  repeat("eggs", 3));
    return 0;
}
