/* main.c - ex01_event_loop: the demonstrations, in the tutorial's order.
 *
 * 1. one task, stepped by hand: a task is a generator plus a status;
 * 2. two tasks in a queue: round-robin is a FIFO and a while loop;
 * 3. the loop: that while loop, given a name (loop.c);
 * 4. run_until_complete: run the loop until one given task is done.
 */
#include <stdio.h>
#include <string.h>

#include "coroutines.h"
#include "loop.h"
#include "queue.h"
#include "task.h"
#include "util.h"

static const char usage[] =
    "usage: ex01_event_loop [--trace] [--help]\n"
    "\n"
    "Step 1 of 7: an event loop from nothing. A coroutine is a generator\n"
    "written by hand (a frame struct and a step function); a task wraps it\n"
    "with a status and a result; a loop runs tasks round-robin from a FIFO.\n"
    "Prints four demonstrations: a task stepped by hand, two tasks in a\n"
    "queue, the loop with tic_tac and spam, and run_until_complete.\n"
    "\n"
    "  --trace     tell, on stderr, what the loop does at each turn\n"
    "  -h, --help  print this help\n";

static void one_task_stepped_by_hand(void)
{
    task *t = task_new(tic_tac());

    say("## one task, stepped by hand");
    task_print(t);
    while (!task_is_done(t)) {
        task_step(t);               /* one next() on the generator */
        task_print(t);
    }
    task_free(t);
}

/* DOC: two_tasks_in_a_queue */
static void two_tasks_in_a_queue(void)
{
    task *a = task_new(tic_tac());
    task *b = task_new(tic_tac());
    queue tasks = { NULL, NULL };
    task *t;

    say("## two tasks in a queue");
    queue_push(&tasks, a);
    queue_push(&tasks, b);
    while ((t = queue_pop(&tasks)) != NULL) {
        if (task_step(t) == CORO_YIELD)
            queue_push(&tasks, t);  /* not done: back to the end of the line */
        else
            task_print(t);          /* done: say so, and forget it */
    }
    task_free(a);
    task_free(b);
}
/* DOC: end */

static void the_loop(void)
{
    task *a = task_new(tic_tac());
    task *b = task_new(spam());
    loop l;

    say("## the loop: tic_tac and spam");
    loop_init(&l);
    loop_schedule(&l, a);
    loop_schedule(&l, b);
    loop_run_until_empty(&l);
    task_free(a);
    task_free(b);
}

static void run_until_complete(void)
{
    task *t = task_new(tic_tac());
    loop l;

    say("## run_until_complete");
    loop_init(&l);
    loop_run_until_complete(&l, t);
    task_free(t);
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
    one_task_stepped_by_hand();
    two_tasks_in_a_queue();
    the_loop();
    run_until_complete();
    return finish(0);
}
