/* sync.c - ex04_fastfood: semaphores and locks whose waiters are parked. */
#include "sync.h"

#include <assert.h>
#include <stdio.h>

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
        loop_wake(s->loop, next);
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
    case ACQUIRE_START:
        if (self->sem->available > 0) {
            self->sem->available--;
            return CORO_DONE;
        }
        self->resume = ACQUIRE_HANDED_OVER;
        return request_park(t, &self->sem->waiters);
    case ACQUIRE_HANDED_OVER:
        break;                      /* release() gave us its permit */
    }
    return CORO_DONE;
}
/* DOC: end */

void acquire_init(acquire_frame *self, semaphore *s)
{
    *self = (acquire_frame){ .sem = s };
    coro_init(&self->base, "acquire", acquire_step);
}

void lock_init(lock *k, loop *l, const char *name)
{
    semaphore_init(&k->sem, l, name, 1);
}

void lock_acquire_init(acquire_frame *self, lock *k)
{
    acquire_init(self, &k->sem);
}

int lock_release(lock *k)
{
    return semaphore_release(&k->sem);
}
