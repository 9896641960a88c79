/* heap.c - ex05_select_io: a binary min-heap of timers, stored in an array.
 *
 * The children of timers[i] are timers[2i+1] and timers[2i+2]; every timer
 * comes before its children. Push: append, then swap up while it comes
 * before its parent. Pop: move the last timer to the root, then swap it down
 * while a child comes before it.
 */
#include "heap.h"

#include <assert.h>
#include <stdlib.h>

#include "util.h"

/* The heap's order: deadline first, then the order the timers were set,
 * so two sleepers due at the same instant wake in the order they slept. */
static bool comes_before(const timer *a, const timer *b)
{
    if (a->deadline != b->deadline)
        return a->deadline < b->deadline;
    return a->seq < b->seq;
}

static void swap(timer *a, timer *b)
{
    timer tmp = *a;

    *a = *b;
    *b = tmp;
}

/* A timer just put at the end climbs while it comes before its parent:
 * at most log2(n) swaps, one per level. */
static void sift_up(timer_heap *h, size_t i)
{
    while (i > 0 && comes_before(&h->timers[i], &h->timers[(i - 1) / 2])) {
        swap(&h->timers[i], &h->timers[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
}

/* A timer put at the root sinks towards the earlier of its two children
 * until neither comes before it: again at most log2(n) swaps. */
static void sift_down(timer_heap *h, size_t i)
{
    for (;;) {
        timer *t = h->timers;
        size_t first = i;
        size_t left = 2 * i + 1;
        size_t right = left + 1;

        if (left < h->count && comes_before(&t[left], &t[first]))
            first = left;
        if (right < h->count && comes_before(&t[right], &t[first]))
            first = right;
        if (first == i)
            return;
        swap(&h->timers[i], &h->timers[first]);
        i = first;
    }
}

/* DOC: heap_push */
void heap_push(timer_heap *h, double deadline, task *t)
{
    if (h->count == h->capacity) {  /* full: double, so a push is O(1) on
                                       average and the array never shrinks */
        size_t capacity = h->capacity ? 2 * h->capacity : 16;
        timer *bigger = realloc(h->timers, capacity * sizeof *bigger);

        if (bigger == NULL)
            die("out of memory (%zu timers)", capacity);
        h->timers = bigger;
        h->capacity = capacity;
    }
    h->timers[h->count] = (timer){ deadline, h->next_seq++, t };
    sift_up(h, h->count++);
}
/* DOC: end */

task *heap_pop(timer_heap *h)
{
    task *t;

    assert(h->count > 0);
    t = h->timers[0].task;
    h->timers[0] = h->timers[--h->count];   /* the last fills the hole */
    sift_down(h, 0);
    return t;
}

void heap_free(timer_heap *h)
{
    free(h->timers);
    *h = (timer_heap){ 0 };
}
