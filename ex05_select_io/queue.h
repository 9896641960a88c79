/* queue.h - ex05_select_io: a FIFO of tasks.
 *
 * The loop's run queue is one of these. It is intrusive: the link lives in
 * the task (task.next), so pushing and popping allocate nothing and cost
 * O(1). The price: a task sits in at most one queue at a time.
 *
 * The loop pushes and pops on every turn, so these are `static inline`: a
 * few instructions each, with no call. (The type is in task.h, beside the
 * link it uses.)
 */
#ifndef QUEUE_H
#define QUEUE_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>

#include "task.h"

/* Append t at the tail. t must not be in any queue. */
static inline void queue_push(queue *q, task *t)
{
    assert(t->next == NULL && q->tail != t);
    if (q->tail == NULL)
        q->head = t;
    else
        q->tail->next = t;
    q->tail = t;
}

/* Remove and return the head, or NULL if the queue is empty. */
static inline task *queue_pop(queue *q)
{
    task *t = q->head;

    if (t == NULL)
        return NULL;
    q->head = t->next;
    if (q->head == NULL)
        q->tail = NULL;
    t->next = NULL;
    return t;
}

static inline bool queue_is_empty(const queue *q)
{
    return q->head == NULL;
}

#endif
