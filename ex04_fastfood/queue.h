/* queue.h - ex04_fastfood: a FIFO of tasks.
 *
 * The loop's run queue is one of these. It is intrusive: the link lives in
 * the task (task.next), so pushing and popping allocate nothing and cost
 * O(1). The price: a task sits in at most one queue at a time.
 */
#ifndef QUEUE_H
#define QUEUE_H

#include <stdbool.h>

#include "coro.h"               /* typedef struct task task */

typedef struct {
    task *head;                 /* popped first */
    task *tail;                 /* pushed last */
} queue;

/* Append t at the tail. t must not be in any queue. */
void queue_push(queue *q, task *t);

/* Remove and return the head, or NULL if the queue is empty. */
task *queue_pop(queue *q);

bool queue_is_empty(const queue *q);

#endif
