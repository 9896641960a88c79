/* loop.c - ex02_subtasks: the event loop, round-robin over a FIFO, answering
 * the requests that tasks leave in their mailboxes. */
#include "loop.h"

#include <assert.h>
#include <stddef.h>
#include <stdio.h>

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

/* --trace: what a yield asked of the loop, e.g. "yield" or
 * "schedule subtask". */
static void trace_request(const loop *l, const task *t, const char *from)
{
    const mailbox *m = &t->mailbox;
    char line[256];
    int used = snprintf(line, sizeof line, "turn %lu  run %s  %s -> %s  ",
                        l->turn, task_name(t), from, coro_where(t->frame));

    if (m->request != REQUEST_SCHEDULE) {
        trace("%syield", line);
        return;
    }
    used += snprintf(line + used, sizeof line - (size_t)used, "schedule");
    for (size_t i = 0; i < m->count && (size_t)used < sizeof line; i++)
        used += snprintf(line + used, sizeof line - (size_t)used, " %s",
                         task_name(m->tasks[i]));
    trace("%s", line);
}

/* --trace: a task that ended in this turn. */
static void trace_end(const loop *l, const task *t, const char *from)
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

/* DOC: loop_answer */
/* t yielded: answer its request, which puts it back in line. */
static int loop_answer(loop *l, task *t)
{
    mailbox *m = &t->mailbox;

    switch (m->request) {
    case REQUEST_NONE:              /* a plain yield: back to the end */
        queue_push(&l->ready, t);
        return 0;
    case REQUEST_SCHEDULE:
        queue_push(&l->ready, t);   /* the caller first, then its subtasks */
        for (size_t i = 0; i < m->count; i++)
            loop_schedule(l, m->tasks[i]);
        m->request = REQUEST_NONE;  /* answered: tasks[] were scheduled */
        return 0;
    }
    fprintf(stderr, "loop: task '%s' made an unknown request (%d)\n",
            task_name(t), (int)m->request);
    task_fail(t, "unknown request to the loop");
    loop_retire(t);
    return -1;
}
/* DOC: end */

/* DOC: loop_run_once */
int loop_run_once(loop *l)
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
    return loop_answer(l, t) < 0 ? -1 : 1;
}
/* DOC: end */

/* The tutorial's run_forever(), which ends when the queue does. */
int loop_run_until_empty(loop *l)
{
    int ran;

    while ((ran = loop_run_once(l)) > 0)
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
    while (!task_is_done(t) && (ran = loop_run_once(l)) > 0)
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
