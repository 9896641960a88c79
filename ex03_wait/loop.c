/* loop.c - ex03_wait: the event loop, round-robin over a FIFO, answering
 * the requests that tasks leave in their mailboxes; ensure_future and wait. */
#include "loop.h"

#include <assert.h>
#include <stddef.h>
#include <stdio.h>

void loop_init(loop *l)
{
    l->ready = (queue){ NULL, NULL };
}

void loop_close(loop *l)
{
    task *t;

    while ((t = queue_pop(&l->ready)) != NULL) {
        if (!task_is_done(t))
            fprintf(stderr, "loop: task '%s' was never finished\n", t->name);
        task_unref(t);
    }
}

void loop_schedule(loop *l, task *t)
{
    if (t->scheduled)
        return;
    t->scheduled = true;
    queue_push(&l->ready, task_ref(t));
}

/* A task is done: say so, and give back the loop's reference. */
static void loop_retire(task *t)
{
    task_print(t);
    task_unref(t);
}

/* DOC: loop_answer */
/* t yielded: put it back in line, then answer its request (if any). */
static int loop_answer(loop *l, task *t)
{
    mailbox *m = &t->mailbox;

    switch (m->request) {
    case REQUEST_NONE:
        queue_push(&l->ready, t);
        return 0;
    case REQUEST_SCHEDULE:
        queue_push(&l->ready, t);   /* the caller first, then its subtasks */
        for (size_t i = 0; i < m->ntasks; i++)
            loop_schedule(l, m->tasks[i]);
        m->reply = m->tasks;
        m->nreply = m->ntasks;
        m->request = REQUEST_NONE;
        return 0;
    }
    fprintf(stderr, "loop: task '%s' made an unknown request (%d)\n",
            t->name, (int)m->request);
    task_fail(t, "unknown request to the loop");
    loop_retire(t);
    return -1;
}
/* DOC: end */

/* DOC: loop_run_once */
int loop_run_once(loop *l)
{
    task *t = queue_pop(&l->ready);

    if (t == NULL)
        return 0;
    if (t->status != TASK_CANCELLED)
        task_step(t);
    if (task_is_done(t)) {
        loop_retire(t);             /* finished, failed or cancelled */
        return 1;
    }
    return loop_answer(l, t) < 0 ? -1 : 1;
}
/* DOC: end */

int loop_run_until_empty(loop *l)
{
    int ran;

    while ((ran = loop_run_once(l)) > 0)
        ;
    return ran;
}

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
    case ENSURE_FUTURE_START:
        self->task = task_new(self->frame);
        self->frame = NULL;         /* the task owns it now */
        self->resume = ENSURE_FUTURE_SCHEDULED;
        return request_schedule(t, &self->task, 1);
    case ENSURE_FUTURE_SCHEDULED:
        assert(t->mailbox.nreply == 1 && t->mailbox.reply[0] == self->task);
        break;
    }
    return CORO_DONE;
}
/* DOC: end */

void ensure_future_init(ensure_future_frame *self, coro *frame)
{
    *self = (ensure_future_frame){ .frame = frame };
    coro_init(&self->base, "ensure_future", ensure_future_step);
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
    case WAIT_LAUNCHING:
        while (self->next < self->ntasks) {
            task **candidate = &self->tasks[self->next++];
            if (never_launched(*candidate)) {
                self->resume = WAIT_LAUNCHING;  /* look at the next one */
                return request_schedule(t, candidate, 1);
            }
        }
        self->resume = WAIT_POLLING;
        /* fall through */
    case WAIT_POLLING:
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

void wait_init(wait_frame *self, task **tasks, size_t ntasks)
{
    *self = (wait_frame){ .tasks = tasks, .ntasks = ntasks };
    coro_init(&self->base, "wait", wait_step);
}
