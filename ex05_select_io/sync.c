/* sync.c - ex05_select_io: semaphores and locks whose waiters are parked. */
#include "sync.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

void semaphore_init(semaphore *s, loop *l, const char *name, int capacity)
{
    assert(capacity > 0);
    *s = (semaphore){ .name = name, .loop = l, .capacity = capacity,
                      .available = capacity };
}

/* DOC: semaphore_release */
int semaphore_release(semaphore *s)
{
    task *next;

    while ((next = queue_pop(&s->waiters)) != NULL) {
        loop_wake(s->loop, next);   /* it resumes holding our permit */
        if (next->status != TASK_CANCELLED)
            return 0;               /* handed over: `available` stays 0 */
        /* a cancelled waiter wakes only to be dropped: try the next one */
    }
    if (s->available == s->capacity) {
        fprintf(stderr, "%s: released, but nothing was held\n", s->name);
        return -1;
    }
    s->available++;
    return 0;
}
/* DOC: end */

/* DOC: acquire */
static coro_status acquire_step(coro *base, task *t)
{
    acquire_frame *self = (acquire_frame *)base;

    switch (self->resume) {
    case ACQUIRE_START:             /* a permit free? take it, no yield */
        if (self->sem->available > 0) {
            self->sem->available--;
            break;
        }
        self->resume = ACQUIRE_HANDED_OVER;     /* else wait in line */
        return request_park(t, &self->sem->waiters, self->sem->name);
    case ACQUIRE_HANDED_OVER:
        break;                      /* release() gave us its permit */
    }
    if (self->lock != NULL)
        self->lock->holder = t;     /* a lock knows who holds it */
    return CORO_DONE;
}
/* DOC: end */

static const coro_type acquire_type = {
    .name = "acquire",
    .step = acquire_step,
    .size = sizeof(acquire_frame),
    .points = { CORO_POINT(ACQUIRE_START), CORO_POINT(ACQUIRE_HANDED_OVER) },
};

void acquire_init(acquire_frame *self, semaphore *s)
{
    *self = (acquire_frame){ .base = { &acquire_type }, .sem = s };
}

void lock_init(lock *k, loop *l, const char *name)
{
    semaphore_init(&k->sem, l, name, 1);
    k->holder = NULL;
}

void lock_acquire_init(acquire_frame *self, lock *k)
{
    acquire_init(self, &k->sem);
    self->lock = k;
}

/* DOC: lock_release */
void lock_release(lock *k, task *t)
{
    if (k->holder != t) {           /* a broken invariant: stop right here */
        fflush(stdout);
        fprintf(stderr, "%s: panic: task '%s' released the %s, held by %s%s%s\n",
                program_name, task_name(t), k->sem.name,
                k->holder ? "'" : "", k->holder ? task_name(k->holder) : "nobody",
                k->holder ? "'" : "");
        abort();                    /* in gdb: stops here, `backtrace` */
    }
    k->holder = NULL;
    semaphore_release(&k->sem);     /* cannot fail: it was held */
}
/* DOC: end */
