/* queue.c - ex04_fastfood: a FIFO of tasks, linked through task.next. */
#include "queue.h"

#include <assert.h>
#include <stddef.h>

#include "task.h"

void queue_push(queue *q, task *t)
{
    assert(t->next == NULL && q->tail != t);
    if (q->tail == NULL)
        q->head = t;
    else
        q->tail->next = t;
    q->tail = t;
}

task *queue_pop(queue *q)
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

bool queue_is_empty(const queue *q)
{
    return q->head == NULL;
}
