/* sync.h - ex05_select_io: semaphores and locks whose waiters are parked.
 *
 * A semaphore holds `capacity` permits (three cooks, one soda machine).
 * Acquiring is a coroutine: with a permit free it takes one and goes on;
 * otherwise it parks its task on the semaphore's wait queue (a PARK request)
 * and costs nothing until it is woken. Release hands the permit straight to
 * the first waiter, which wakes holding it: waiters are served first come,
 * first served, and a newcomer cannot barge past them, because `available`
 * stays 0 while anyone waits.
 *
 * A lock is a semaphore with one permit that knows who holds it. Only the
 * holder may release it: a release by any other task is a bug that would
 * let two tasks into what the lock protects, so it stops the program on
 * the spot (lock_release panics, as xv6's release() does), where gdb can
 * show who did it.
 *
 * Errors: a semaphore has no owner, so releasing more permits than were
 * taken can only be seen when every permit is free: semaphore_release
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

typedef struct lock lock;

/* DOC: acquire_frame */
/* A coroutine, used with `yield from`: DONE once the task holds a permit. */
typedef struct {
    coro base;
    enum { ACQUIRE_START, ACQUIRE_HANDED_OVER } resume;
    semaphore *sem;
    lock *lock;                 /* a lock's acquire: record the holder */
} acquire_frame;
/* DOC: end */

void acquire_init(acquire_frame *self, semaphore *s);

/* ---- lock: a semaphore with one permit and a holder ------------------- */

struct lock {
    semaphore sem;
    task *holder;               /* who holds it, or NULL (free, or being
                                   handed over to its first waiter) */
};

void lock_init(lock *k, loop *l, const char *name);

/* acquire_init() for a lock: when DONE, t is its holder. */
void lock_acquire_init(acquire_frame *self, lock *k);

/* Task t gives the lock back. t must hold it: otherwise this prints who
 * does and aborts the program (a panic). */
void lock_release(lock *k, task *t);

#endif
