/* loop.c - ex03_wait: the event loop, round-robin over a FIFO, answering
 * the requests that tasks leave in their mailboxes; ensure_future and wait. */
#include "loop.h"

#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

void loop_init(loop *l)
{
    *l = (loop){ .ready = { NULL, NULL } };
}

void loop_close(loop *l)
{
    task *t;

    while ((t = queue_pop(&l->ready)) != NULL) {
        if (!task_is_done(t))
            fprintf(stderr, "loop: task '%s' was never finished\n",
                    task_name(t));
        task_unref(t);
    }
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

/* A task is done: say so, and give back the loop's reference (which may
 * be the last: then the task and its frame are freed here). */
static void loop_retire(task *t)
{
    task_print(t);
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

/* --trace: what a yield asked of the loop, e.g. "yield" or
 * "schedule subtask". */
static COLD void trace_request(const loop *l, const task *t, const char *from)
{
    const mailbox *m = &t->mailbox;
    char names[200] = "";

    if (m->request == REQUEST_NONE)
        trace("turn %lu  run %s  %s -> %s  yield", l->turn, task_name(t),
              from, coro_where(t->frame));
    else if (m->request == REQUEST_SCHEDULE)
        trace("turn %lu  run %s  %s -> %s  schedule%s", l->turn,
              task_name(t), from, coro_where(t->frame),
              task_names(m->tasks, m->count, names, sizeof names));
    else
        trace("turn %lu  run %s  %s -> %s  unknown request (%d)", l->turn,
              task_name(t), from, coro_where(t->frame), (int)m->request);
}

/* --trace: a task that ended in this turn. */
static COLD void trace_end(const loop *l, const task *t, const char *from)
{
    const char *name = task_name(t);

    if (t->status == TASK_CANCELLED)
        trace("turn %lu  drop %s  (cancelled)", l->turn, name);
    else if (t->status == TASK_ERROR)
        trace("turn %lu  run %s  %s -> end  error: %s", l->turn, name, from,
              t->error);
    else if (t->result == NULL)
        trace("turn %lu  run %s  %s -> end  done None", l->turn, name, from);
    else
        trace("turn %lu  run %s  %s -> end  done '%s'", l->turn, name, from,
              t->result);
}

/* A request the loop does not know: a broken program. Say so, end the
 * task in ERROR, and make the loop stop (the tutorial's RuntimeError). */
static COLD int loop_refuse(task *t)
{
    fprintf(stderr, "loop: task '%s' made an unknown request (%d)\n",
            task_name(t), (int)t->mailbox.request);
    task_fail(t, "unknown request to the loop");
    loop_retire(t);
    return -1;
}

/* DOC: loop_answer */
/* t yielded: answer its request, which puts it back in line. Returns 1,
 * or -1 if the request is one the loop does not know. (The switch has one
 * case here; ex04 adds the requests that park a task.) */
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
    default:
        break;
    }
    return loop_refuse(t);
}
/* DOC: end */

/* DOC: loop_turn */
/* One turn, the body of loop_run_once(). HOT_INLINE: the loops below get
 * their own copy, so a turn costs no call of its own. */
static HOT_INLINE int loop_turn(loop *l)
{
    task *t = queue_pop(&l->ready);
    const char *from;
    coro_status status;

    if (t == NULL)
        return 0;                   /* nothing left to run */
    l->turn++;
    if (t->status == TASK_CANCELLED) {
        trace_end(l, t, NULL);      /* cancelled while queued: drop it */
        loop_retire(t);
        return 1;
    }
    from = tracing() ? coro_where(t->frame) : NULL;
    status = task_step(t);
    if (status != CORO_YIELD) {     /* finished or failed */
        if (from != NULL)
            trace_end(l, t, from);
        loop_retire(t);
        return 1;
    }
    if (from != NULL)
        trace_request(l, t, from);
    return loop_answer(l, t);
}
/* DOC: end */

int loop_run_once(loop *l)
{
    return loop_turn(l);
}

/* The tutorial's run_forever(), which ends when the queue does. */
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

static bool all_done(const wait_frame *self)
{
    for (size_t i = 0; i < self->ntasks; i++)
        if (!task_is_done(self->tasks[i]))
            return false;
    return true;
}

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
        self->resume = WAIT_POLLING;
        /* fall through */
    case WAIT_POLLING:              /* every turn: is everyone done yet? */
        if (!all_done(self)) {
            self->resume = WAIT_POLLING;    /* look again next turn */
            return CORO_YIELD;
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
    .points = { CORO_POINT(WAIT_LAUNCHING), CORO_POINT(WAIT_POLLING) },
};

void wait_init(wait_frame *self, task **tasks, size_t ntasks)
{
    *self = (wait_frame){ .base = { &wait_type }, .tasks = tasks,
                          .ntasks = ntasks };
}
