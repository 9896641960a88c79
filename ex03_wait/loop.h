/* loop.h - ex03_wait: the event loop, and waiting for several tasks.
 *
 * The loop keeps a FIFO of tasks that can run. Each turn it pops the head,
 * steps it once, and either prints it (it is done) or pushes it back at the
 * tail: round-robin, like an operating system's scheduler with a time slice
 * of one yield.
 *
 * A task that yields may have left a request in its mailbox (task.h). The
 * loop answers it: a plain yield goes back to the end of the line;
 * SCHEDULE puts the caller back in line, then the given tasks, and replies
 * with them. Any other request is a broken program: the loop says so on
 * stderr, ends the task in ERROR and stops (the tutorial raises
 * RuntimeError). A cancelled task is dropped, and printed, when popped.
 *
 * New in this step: wait(), a coroutine that launches several tasks and
 * comes back when all of them are done, with how many finished and how
 * many failed.
 *
 * With tracing on (util.h, --trace), each turn also tells, on one line,
 * which task ran, from which resume point to which, and what came back:
 * a yield, with the request and the loop's answer, or the task's end.
 *
 * Ownership: the loop holds a reference to every task in its queue, and
 * gives it back when the task is done. loop_close() drops what is left.
 */
#ifndef LOOP_H
#define LOOP_H

#include <stdbool.h>

#include "queue.h"
#include "task.h"

typedef struct {
    queue ready;                /* tasks that can run, in turn order */
    unsigned long turn;         /* turns run so far, for --trace */
} loop;

void loop_init(loop *l);

/* Drop the tasks still queued, with a warning for each (they never ended). */
void loop_close(loop *l);

/* Put t at the end of the run queue (the loop takes a reference). A task
 * the loop already has stays where it is: scheduling it again does nothing. */
void loop_schedule(loop *l, task *t);

/* One turn: step the task at the head of the run queue. Returns 1 if a
 * task ran, 0 if there was nothing to run, -1 if the loop failed (a task
 * made a request it does not know). */
int loop_run_once(loop *l);

/* Run turns until no task is left. Returns 0, or -1 if the loop failed. */
int loop_run_until_empty(loop *l);

/* Schedule t and run turns until t is done. Returns 0, or -1 if the loop
 * failed. Other tasks still in the queue stay there. */
int loop_run_until_complete(loop *l, task *t);

/* ---- ensure_future: launch a coroutine as a task of its own ----------- */

/* DOC: ensure_future_frame */
/* A coroutine, used with `yield from`: it wraps a frame in a new task and
 * asks the loop to schedule it. When it is DONE, `task` is the new task,
 * and the reference comes with it: the caller unrefs it when done with it. */
typedef struct {
    coro base;
    enum { ENSURE_FUTURE_START, ENSURE_FUTURE_SCHEDULED } resume;
    coro *frame;                /* in: from coro_new(), taken over */
    task *task;                 /* out: the task running it */
} ensure_future_frame;

void ensure_future_init(ensure_future_frame *self, coro *frame);

/* Let go of what the frame holds: the frame it never launched, or the task
 * it launched. Safe to call more than once. */
void ensure_future_release(ensure_future_frame *self);

/* ---- wait: launch several tasks, come back when all are done ---------- */

/* DOC: wait_frame */
/* A coroutine, used with `yield from`. It schedules each task that is NEW
 * and not yet launched (one SCHEDULE request each, as the tutorial does),
 * then yields until every task is done: it polls, one look per turn of
 * the loop. Cost: O(n) per turn for n tasks. */
typedef struct {
    coro base;
    enum { WAIT_LAUNCHING, WAIT_POLLING } resume;
    task **tasks;               /* in: borrowed, the caller keeps them alive */
    size_t ntasks;
    size_t next;                /* the next task to look at for launching */
    int finished;               /* out: how many ended FINISHED */
    int failed;                 /* out: how many ended in ERROR or CANCELLED */
} wait_frame;
/* DOC: end */

void wait_init(wait_frame *self, task **tasks, size_t ntasks);

#endif
