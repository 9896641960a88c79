/* heap.h - ex05_select_io: timers, in a binary min-heap of deadlines.
 *
 * The loop asks one question of its timers, over and over: which deadline
 * comes first? A min-heap answers in O(1) (the root) and adds or removes a
 * timer in O(log n), in one array that grows by doubling.
 *
 * Equal deadlines come out in the order they went in: each timer carries a
 * sequence number that breaks ties, so runs are reproducible (a heap alone
 * is not stable).
 */
#ifndef HEAP_H
#define HEAP_H

#include <stdbool.h>
#include <stddef.h>

#include "task.h"

typedef struct {
    double deadline;            /* when to wake the task, loop seconds */
    unsigned long seq;          /* tie-break: earlier timers first */
    task *task;                 /* the sleeper */
} timer;

typedef struct {
    timer *timers;              /* timers[0] is the earliest */
    size_t count;
    size_t capacity;
    unsigned long next_seq;
} timer_heap;

/* Add a timer waking t at `deadline`. O(log n). */
void heap_push(timer_heap *h, double deadline, task *t);

/* The earliest timer, or NULL if there is none. O(1), and asked every
 * turn: inline. */
static inline const timer *heap_peek(const timer_heap *h)
{
    return h->count > 0 ? &h->timers[0] : NULL;
}

/* Remove the earliest timer and return its task. The heap must not be
 * empty. O(log n). */
task *heap_pop(timer_heap *h);

static inline bool heap_is_empty(const timer_heap *h)
{
    return h->count == 0;
}

/* Free the array (not the tasks). */
void heap_free(timer_heap *h);

#endif
