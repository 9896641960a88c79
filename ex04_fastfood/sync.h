/* sync.h - ex04_fastfood: semaphores and locks whose waiters are parked.
 *
 * A semaphore holds `capacity` permits (three cooks, one soda machine).
 * Acquiring is a coroutine: with a permit free it takes one and goes on;
 * otherwise it parks its task on the semaphore's wait queue (a PARK request)
 * and costs nothing until it is woken. Release hands the permit straight to
 * the first waiter, which wakes holding it: waiters are served first come,
 * first served, and a newcomer cannot barge past them, because `available`
 * stays 0 while anyone waits.
 *
 * A lock is a semaphore with one permit, under its own name.
 *
 * Errors: releasing what is not held is a bug in the caller: release
 * returns -1 and says so on stderr, and the caller fails its task.
 */
#ifndef SYNC_H
#define SYNC_H

#include "loop.h"
#include "queue.h"
#include "task.h"

typedef struct {
    const char *name;           /* for error messages */
    loop *loop;                 /* whose run queue its waiters go back to */
    int capacity;               /* permits in all */
    int available;              /* permits free now; 0 while anyone waits */
    queue waiters;              /* parked tasks, each waiting for a permit */
} semaphore;

void semaphore_init(semaphore *s, loop *l, const char *name, int capacity);

/* Give a permit back: to the first waiter if there is one (it wakes up
 * holding it), else to the pool. Returns 0, or -1 if every permit was
 * already free (nothing was held). */
int semaphore_release(semaphore *s);

/* DOC: acquire_frame */
/* A coroutine, used with `yield from`: DONE once the task holds a permit. */
typedef struct {
    coro base;
    enum { ACQUIRE_START, ACQUIRE_HANDED_OVER } resume;
    semaphore *sem;
} acquire_frame;
/* DOC: end */

void acquire_init(acquire_frame *self, semaphore *s);

/* ---- lock: a semaphore with one permit -------------------------------- */

typedef struct {
    semaphore sem;
} lock;

void lock_init(lock *k, loop *l, const char *name);

/* acquire_init() for a lock. */
void lock_acquire_init(acquire_frame *self, lock *k);

/* Returns 0, or -1 if the lock was not held. */
int lock_release(lock *k);

#endif
