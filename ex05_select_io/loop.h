/* loop.h - ex05_select_io: the event loop, with a clock and timers.
 *
 * The loop keeps a FIFO of tasks that can run. Each turn it pops the head,
 * steps it once, and either prints it (it is done) or pushes it back at the
 * tail: round-robin, like an operating system's scheduler with a time slice
 * of one yield.
 *
 * A task that yields may have left a request in its mailbox (task.h). The
 * loop answers it: a plain yield goes back to the end of the line;
 * SCHEDULE puts the caller back in line, then the given tasks, and replies
 * with them; SLEEP and PARK park the caller instead (below). Any other
 * request is a broken program: the loop says so on stderr, ends the task
 * in ERROR and stops (the tutorial raises RuntimeError). A cancelled task
 * is dropped, and printed, when popped.
 *
 * wait() launches several tasks and comes back when all of them are done,
 * with how many finished and how many failed.
 *
 * New in this step: time. The loop has a clock and a min-heap of timers.
 * SLEEP parks a task in the heap until its deadline; PARK puts it on a wait
 * queue (a semaphore's, or a task's: wait() now parks instead of polling).
 * A turn of the loop is four phases:
 *   1. if no task is ready, let time pass until the earliest deadline:
 *      the virtual clock jumps there at once, the real clock sleeps;
 *   2. every timer that is due moves its task to the run queue;
 *   3. the task at the head of the run queue runs one step;
 *   4. the loop answers its request.
 * The virtual clock only moves in phase 1, so a run in virtual time is
 * instant, exact and the same every time.
 *
 * With tracing on (util.h, --trace), each turn also tells, on one line,
 * the clock, which task ran, from which resume point to which, and what
 * came back: a yield, with the request and the loop's answer (scheduled
 * which tasks, slept until when, parked on what), or the task's end.
 *
 * Cancelling a parked task does not wake it: it is dropped when what it
 * waits for comes (a sleeper when its timer fires, a semaphore's waiter
 * when a release reaches it, a task's waiter when that task ends). Simple,
 * and correct; asyncio would wake it at once.
 *
 * Ownership: the loop holds a reference to every task it runs, ready or
 * parked, and gives it back when the task is done. loop_close() drops what
 * is left in the run queue and the timers; a task parked on a wait queue
 * belongs to that queue's owner until it is woken.
 */
#ifndef LOOP_H
#define LOOP_H

#include <stdbool.h>
#include <time.h>

#include "heap.h"
#include "queue.h"
#include "task.h"

typedef enum {
    LOOP_VIRTUAL_TIME,          /* jumps to the next deadline: instant, exact */
    LOOP_REAL_TIME              /* CLOCK_MONOTONIC, scaled by `speed` */
} loop_clock;

typedef struct {
    queue ready;                /* tasks that can run, in turn order */
    timer_heap timers;          /* sleeping tasks, earliest deadline first */

    /* The clock, in loop seconds since loop_init(). */
    loop_clock clock;
    double now;                 /* read once per turn (phase 2) */
    double speed;               /* real time: loop seconds per real second */
    struct timespec started;    /* real time: when `now` was 0 */

    bool print_done;            /* print each task as it ends (true) */
    unsigned long turn;         /* turns run so far, for --trace */
} loop;

/* A loop on the virtual clock, at time 0. */
void loop_init(loop *l);

/* The real clock's limits. Slower than LOOP_MIN_SPEED, the tutorial's
 * 20 s would take more than half an hour; faster than LOOP_MAX_SPEED, a
 * second would pass in less than the sleep's own latency. And no sleep is
 * longer than LOOP_MAX_REAL_SECONDS (a year), which keeps the time_t
 * arithmetic far from overflowing. main.c checks its options against them. */
#define LOOP_MIN_SPEED 0.01
#define LOOP_MAX_SPEED 10000.0
#define LOOP_MAX_REAL_SECONDS (365.0 * 24 * 3600)

/* Switch to the real clock, `speed` loop seconds per real second (between
 * the limits above), starting from time 0 now. Call before running
 * anything. */
void loop_use_real_clock(loop *l, double speed);

/* The loop's time, in seconds. */
double loop_now(const loop *l);

/* Move a parked task back to the run queue. For whoever owns the wait queue
 * it was parked on (a semaphore's release, a task's end). */
void loop_wake(loop *l, task *t);

/* Drop the tasks still queued, with a warning for each (they never ended). */
void loop_close(loop *l);

/* Put t at the end of the run queue (the loop takes a reference). A task
 * the loop already has stays where it is: scheduling it again does nothing. */
void loop_schedule(loop *l, task *t);

/* One turn (the four phases above). Returns 1 if the turn did something
 * (ran a task, or let time pass: on the real clock a sleep can end a hair
 * early, and then no task is due yet), 0 if there was nothing to run and
 * nothing to wait for, -1 if the loop failed (a task made a request it does
 * not know). */
int loop_run_once(loop *l);

/* Run turns until no task is left. Returns 0, or -1 if the loop failed. */
int loop_run_until_empty(loop *l);

/* Schedule t and run turns until t is done. Returns 0, or -1 if the loop
 * failed. Other tasks still in the queue stay there. If t is not done when
 * this returns 0, it is parked where nothing will wake it: a deadlock. */
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
 * then parks on the first task that is not done, until its end wakes us;
 * then on the next.
 * Cost: O(n) for n tasks in all, however long they take. (ex03 polled once
 * per turn instead; with a clock, a poller would never let time pass.) */
typedef struct {
    coro base;
    enum { WAIT_LAUNCHING, WAIT_PARKED } resume;
    task **tasks;               /* in: borrowed, the caller keeps them alive */
    size_t ntasks;
    size_t next;                /* the next task to look at for launching */
    size_t checked;             /* tasks[0..checked-1] are done */
    int finished;               /* out: how many ended FINISHED */
    int failed;                 /* out: how many ended in ERROR or CANCELLED */
} wait_frame;
/* DOC: end */

void wait_init(wait_frame *self, task **tasks, size_t ntasks);

/* ---- sleep: park for a while ------------------------------------------ */

/* DOC: sleep_frame */
/* A coroutine, used with `yield from`: parks its task in the timers for
 * `seconds` of loop time (>= 0). */
typedef struct {
    coro base;
    enum { SLEEP_START, SLEEP_WOKEN } resume;
    double seconds;
} sleep_frame;
/* DOC: end */

void sleep_init(sleep_frame *self, double seconds);

#endif
