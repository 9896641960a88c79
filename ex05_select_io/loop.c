/* loop.c - ex05_select_io: the event loop, round-robin over a FIFO, answering
 * the requests that tasks leave in their mailboxes, with a clock and timers;
 * ensure_future, wait and sleep. */
#include "loop.h"

#include <assert.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

void loop_init(loop *l)
{
    *l = (loop){ .clock = LOOP_VIRTUAL_TIME, .speed = 1.0, .print_done = true };
}

/* ---- the clock -------------------------------------------------------- */

static double real_seconds_since(const struct timespec *start)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) +
           (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

void loop_use_real_clock(loop *l, double speed)
{
    assert(speed >= LOOP_MIN_SPEED && speed <= LOOP_MAX_SPEED);
    l->clock = LOOP_REAL_TIME;
    l->speed = speed;
    l->now = 0;
    clock_gettime(CLOCK_MONOTONIC, &l->started);
}

double loop_now(const loop *l)
{
    return l->now;
}

/* Read the real clock into `now`. The virtual clock only moves when the
 * loop lets time pass (loop_let_time_pass), so there is nothing to read. */
static inline void loop_update_time(loop *l)
{
    if (l->clock == LOOP_REAL_TIME)
        l->now = real_seconds_since(&l->started) * l->speed;
}

/* Block the whole process until the real clock reads `deadline`. The
 * caller bounds speed and deadlines (main.c), so `real` fits a time_t. */
static void sleep_until(const loop *l, double deadline)
{
    double real = deadline / l->speed;      /* real seconds after `started` */
    double whole = (double)(time_t)real;
    struct timespec wake = l->started;

    assert(real >= 0 && real < LOOP_MAX_REAL_SECONDS);
    wake.tv_sec += (time_t)whole;
    wake.tv_nsec += (long)((real - whole) * 1e9);
    if (wake.tv_nsec >= 1000000000L) {
        wake.tv_sec++;
        wake.tv_nsec -= 1000000000L;
    }
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &wake, NULL)
           == EINTR)
        ;  /* a signal woke us early: sleep again */
}

/* ---- the loop --------------------------------------------------------- */

static void loop_drop(task *t)
{
    if (!task_is_done(t))
        fprintf(stderr, "loop: task '%s' was never finished\n",
                task_name(t));
    task_unref(t);
}

void loop_close(loop *l)
{
    task *t;

    while ((t = queue_pop(&l->ready)) != NULL)
        loop_drop(t);
    while (!heap_is_empty(&l->timers))
        loop_drop(heap_pop(&l->timers));
    heap_free(&l->timers);
}

/* The loop takes a reference, so the task lives while the loop has it,
 * even if its maker lets go (ensure_future). */
void loop_schedule(loop *l, task *t)
{
    if (t->scheduled)
        return;                     /* already queued, or already run */
    t->scheduled = true;
    queue_push(&l->ready, task_ref(t));
}

/* The waker hands back the loop's own reference, which the parked task
 * kept: waking takes none and gives none. */
void loop_wake(loop *l, task *t)
{
    queue_push(&l->ready, t);
}

/* A task is done: say so, wake whoever waits for it, and give back the
 * loop's reference. */
static void loop_retire(loop *l, task *t)
{
    task *waiter;

    if (l->print_done)
        task_print(t);
    while ((waiter = queue_pop(&t->waiters)) != NULL)
        loop_wake(l, waiter);
    task_unref(t);
}

/* " a b c": the names of tasks[0..count-1], cut short with " ..." if they
 * do not fit in buf (whose size is at least 5). Returns buf. */
static char *task_names(task **tasks, size_t count, char *buf, size_t size)
{
    size_t used = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        const char *name = task_name(tasks[i]);

        if (used + 1 + strlen(name) >= size - 4) {  /* keep room for " ..." */
            strcpy(buf + used, " ...");
            break;
        }
        used += (size_t)sprintf(buf + used, " %s", name);
    }
    return buf;
}

/* --trace: what a yield asked of the loop, e.g. "yield", "schedule
 * burger fries soda", "sleep 4.00 s, until 8.00 s", "park on 'fryer'". */
static COLD void trace_request(const loop *l, const task *t, const char *from)
{
    const mailbox *m = &t->mailbox;
    char names[200];
    char what[224];

    switch (m->request) {
    case REQUEST_NONE:
        snprintf(what, sizeof what, "yield");
        break;
    case REQUEST_SCHEDULE:
        snprintf(what, sizeof what, "schedule%s",
                 task_names(m->tasks, m->count, names, sizeof names));
        break;
    case REQUEST_SLEEP:
        snprintf(what, sizeof what, "sleep %.2f s, until %.2f s", m->seconds,
                 l->now + m->seconds);
        break;
    case REQUEST_PARK:
        snprintf(what, sizeof what, "park on '%.200s'", m->waiting_for);
        break;
    default:
        snprintf(what, sizeof what, "unknown request (%d)", (int)m->request);
        break;
    }
    trace("turn %lu  at %.2f s  run %s  %s -> %s  %s", l->turn, l->now,
          task_name(t), from, coro_where(t->frame), what);
}

/* --trace: a task that ended in this turn. */
static COLD void trace_end(const loop *l, const task *t, const char *from)
{
    const char *name = task_name(t);

    if (t->status == TASK_CANCELLED)
        trace("turn %lu  at %.2f s  drop %s  (cancelled)", l->turn, l->now,
              name);
    else if (t->status == TASK_ERROR)
        trace("turn %lu  at %.2f s  run %s  %s -> end  error: %s", l->turn,
              l->now, name, from, t->error);
    else if (t->result == NULL)
        trace("turn %lu  at %.2f s  run %s  %s -> end  done None", l->turn,
              l->now, name, from);
    else
        trace("turn %lu  at %.2f s  run %s  %s -> end  done '%s'", l->turn,
              l->now, name, from, t->result);
}

/* A request the loop does not know: a broken program. Say so, end the
 * task in ERROR, and make the loop stop (the tutorial's RuntimeError). */
static COLD int loop_refuse(loop *l, task *t)
{
    fprintf(stderr, "loop: task '%s' made an unknown request (%d)\n",
            task_name(t), (int)t->mailbox.request);
    task_fail(t, "unknown request to the loop");
    loop_retire(l, t);
    return -1;
}

/* DOC: loop_answer */
/* t yielded: answer its request. A plain yield or a SCHEDULE puts it back
 * in line; SLEEP and PARK park it instead, and it runs again when its
 * timer fires or whoever owns the wait queue wakes it. Returns 1, or -1
 * if the request is one the loop does not know. */
static inline int loop_answer(loop *l, task *t)
{
    mailbox *m = &t->mailbox;

    if (m->request == REQUEST_NONE) {   /* a plain yield, the common case: */
        queue_push(&l->ready, t);       /* back to the end of the line */
        return 1;
    }
    switch (m->request) {
    case REQUEST_SCHEDULE:
        queue_push(&l->ready, t);   /* the caller first, then its subtasks */
        for (size_t i = 0; i < m->count; i++)
            loop_schedule(l, m->tasks[i]);
        m->request = REQUEST_NONE;  /* answered: tasks[] were scheduled */
        return 1;
    case REQUEST_SLEEP:             /* parked in the timers, not re-queued */
        heap_push(&l->timers, l->now + m->seconds, t);
        m->request = REQUEST_NONE;
        return 1;
    case REQUEST_PARK:              /* parked on a wait queue, not re-queued */
        queue_push(m->queue, t);
        m->request = REQUEST_NONE;
        return 1;
    default:
        break;
    }
    return loop_refuse(l, t);
}
/* DOC: end */

/* Phase 1: no task is ready, so let time pass until the earliest deadline.
 * Returns false if there is no timer either: nothing will ever run again. */
static bool loop_let_time_pass(loop *l)
{
    const timer *first = heap_peek(&l->timers);

    if (first == NULL)
        return false;
    if (l->clock == LOOP_REAL_TIME)
        sleep_until(l, first->deadline);    /* the whole process waits */
    else if (first->deadline > l->now)
        l->now = first->deadline;           /* virtual: jump there */
    return true;
}

/* Phase 2: every sleeper whose deadline has come joins the run queue,
 * earliest first (equal deadlines in the order they were set). */
static HOT_INLINE void loop_fire_timers(loop *l)
{
    const timer *first;

    loop_update_time(l);
    while ((first = heap_peek(&l->timers)) != NULL && first->deadline <= l->now)
        queue_push(&l->ready, heap_pop(&l->timers));
}

/* DOC: loop_turn */
/* One turn, the body of loop_run_once(). HOT_INLINE: the loops below get
 * their own copy, so a turn costs no call of its own. */
static HOT_INLINE int loop_turn(loop *l)
{
    task *t;
    const char *from;
    coro_status status;

    if (queue_is_empty(&l->ready) && !loop_let_time_pass(l))   /* phase 1 */
        return 0;                   /* nothing ready and nothing due */
    loop_fire_timers(l);            /* phase 2 */
    l->turn++;
    t = queue_pop(&l->ready);
    if (t == NULL) {                /* woke a hair early (real clock) */
        trace("turn %lu  at %.4f s  nothing due yet", l->turn, l->now);
        return 1;
    }
    if (t->status == TASK_CANCELLED) {
        trace_end(l, t, NULL);      /* cancelled while queued: drop it */
        loop_retire(l, t);
        return 1;
    }
    from = tracing() ? coro_where(t->frame) : NULL;
    status = task_step(t);          /* phase 3 */
    if (status != CORO_YIELD) {     /* finished or failed */
        if (from != NULL)
            trace_end(l, t, from);
        loop_retire(l, t);
        return 1;
    }
    if (from != NULL)
        trace_request(l, t, from);
    return loop_answer(l, t);     /* phase 4 */
}
/* DOC: end */

int loop_run_once(loop *l)
{
    return loop_turn(l);
}

/* The tutorial's run_forever(), which ends when nothing is ready and no
 * timer is left. */
int loop_run_until_empty(loop *l)
{
    int ran;

    while ((ran = loop_turn(l)) > 0)
        ;
    return ran;
}

/* Other tasks in the queue run too, in turn, while t is not done; those
 * still there when t ends stay queued for the next run. */
int loop_run_until_complete(loop *l, task *t)
{
    int ran = 1;

    if (!task_is_done(t))
        loop_schedule(l, t);        /* a done task is not run again */
    while (!task_is_done(t) && (ran = loop_turn(l)) > 0)
        ;
    return ran < 0 ? -1 : 0;
}

/* ---- ensure_future ---------------------------------------------------- */

/* DOC: ensure_future */
static coro_status ensure_future_step(coro *base, task *t)
{
    ensure_future_frame *self = (ensure_future_frame *)base;

    switch (self->resume) {
    case ENSURE_FUTURE_START:       /* wrap the frame, ask for a schedule */
        self->task = task_new(self->frame);
        self->frame = NULL;         /* the task owns it now */
        self->resume = ENSURE_FUTURE_SCHEDULED;
        return request_schedule(t, &self->task, 1);
    case ENSURE_FUTURE_SCHEDULED:   /* the loop answered: it is queued */
        assert(t->mailbox.request == REQUEST_NONE &&
               t->mailbox.tasks[0] == self->task);
        break;
    }
    return CORO_DONE;               /* self->task is the result */
}
/* DOC: end */

static const coro_type ensure_future_type = {
    .name = "ensure_future",
    .step = ensure_future_step,
    .size = sizeof(ensure_future_frame),
    .points = { CORO_POINT(ENSURE_FUTURE_START),
                CORO_POINT(ENSURE_FUTURE_SCHEDULED) },
};

void ensure_future_init(ensure_future_frame *self, coro *frame)
{
    *self = (ensure_future_frame){ .base = { &ensure_future_type },
                                   .frame = frame };
}

void ensure_future_release(ensure_future_frame *self)
{
    if (self->frame != NULL)
        coro_free(self->frame);
    if (self->task != NULL)
        task_unref(self->task);
    self->frame = NULL;
    self->task = NULL;
}

/* ---- wait ------------------------------------------------------------- */

static void count_outcomes(wait_frame *self)
{
    for (size_t i = 0; i < self->ntasks; i++) {
        if (self->tasks[i]->status == TASK_FINISHED)
            self->finished++;
        else
            self->failed++;
    }
}

/* NEW, and nobody handed it to the loop yet (a NEW task may be queued). */
static bool never_launched(const task *t)
{
    return t->status == TASK_NEW && !t->scheduled;
}

/* DOC: wait */
static coro_status wait_step(coro *base, task *t)
{
    wait_frame *self = (wait_frame *)base;

    switch (self->resume) {
    case WAIT_LAUNCHING:            /* one SCHEDULE, one yield, per NEW task */
        while (self->next < self->ntasks) {
            task **candidate = &self->tasks[self->next++];
            if (never_launched(*candidate)) {
                self->resume = WAIT_LAUNCHING;  /* look at the next one */
                return request_schedule(t, candidate, 1);
            }
        }
        /* fall through */
    case WAIT_PARKED:               /* woken by a task's end: check the rest */
        while (self->checked < self->ntasks) {
            task *pending = self->tasks[self->checked];
            if (!task_is_done(pending)) {
                self->resume = WAIT_PARKED;     /* its end wakes us */
                return request_park(t, &pending->waiters,
                                    task_name(pending));
            }
            self->checked++;
        }
        break;
    }
    count_outcomes(self);
    return CORO_DONE;
}
/* DOC: end */

static const coro_type wait_type = {
    .name = "wait",
    .step = wait_step,
    .size = sizeof(wait_frame),
    .points = { CORO_POINT(WAIT_LAUNCHING), CORO_POINT(WAIT_PARKED) },
};

void wait_init(wait_frame *self, task **tasks, size_t ntasks)
{
    *self = (wait_frame){ .base = { &wait_type }, .tasks = tasks,
                          .ntasks = ntasks };
}

/* ---- sleep ------------------------------------------------------------ */

/* DOC: sleep */
static coro_status sleep_step(coro *base, task *t)
{
    sleep_frame *self = (sleep_frame *)base;

    switch (self->resume) {
    case SLEEP_START:               /* ask to be parked until the deadline */
        self->resume = SLEEP_WOKEN;
        return request_sleep(t, self->seconds);
    case SLEEP_WOKEN:               /* the timer fired: time is up */
        break;
    }
    return CORO_DONE;
}
/* DOC: end */

static const coro_type sleep_type = {
    .name = "sleep",
    .step = sleep_step,
    .size = sizeof(sleep_frame),
    .points = { CORO_POINT(SLEEP_START), CORO_POINT(SLEEP_WOKEN) },
};

void sleep_init(sleep_frame *self, double seconds)
{
    *self = (sleep_frame){ .base = { &sleep_type }, .seconds = seconds };
}
