/* test_heap.c - unit tests for ex04's timers: a binary min-heap of
 * deadlines (heap.h).
 *
 * The heap only stores task pointers, never follows them, so the tests use
 * the addresses of a plain array as labels: task_label(i) is "the i-th
 * timer pushed". Deadlines come from a small fixed-seed generator (not
 * rand(), whose sequence differs between C libraries), drawn from a narrow
 * range so that many deadlines are equal and the FIFO tie-break is tested
 * on every run.
 */
#include <stdarg.h>             /* cmocka.h needs these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "heap.h"

#define MANY 1000               /* timers in the random test */
#define DISTINCT 37             /* distinct deadlines among them: many ties */

/* A task ends in its frame, a flexible array member, so C allows no array
 * of tasks: the labels are slots of storage the size and alignment of a
 * task, never read or written through the pointer. */
static _Alignas(task) unsigned char slots[MANY][sizeof(task)];

/* Timer i's label. */
static task *task_label(long i)
{
    return (task *)slots[i];
}

/* Which label a popped task is. */
static long label(const task *t)
{
    return (long)(((const unsigned char *)t - slots[0]) / sizeof(task));
}

/* A linear congruential generator (Knuth's MMIX constants), fixed seed. */
static uint64_t seed = 20260101;

static unsigned next_random(unsigned range)
{
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(seed >> 33) % range;
}

/* Pop everything; deadlines must never go down, and equal deadlines must
 * come out in push order (labels go up). Returns how many were popped. */
static size_t pop_all_in_order(timer_heap *h)
{
    double last_deadline = -1;
    long last_label = -1;
    size_t popped = 0;

    while (!heap_is_empty(h)) {
        double deadline = heap_peek(h)->deadline;
        long l = label(heap_pop(h));

        assert_true(deadline >= last_deadline);
        if (deadline == last_deadline)
            assert_true(l > last_label);        /* FIFO among ties */
        last_deadline = deadline;
        last_label = l;
        popped++;
    }
    return popped;
}

static void test_random_deadlines_pop_in_order(void **state)
{
    timer_heap h = { 0 };

    (void)state;
    for (long i = 0; i < MANY; i++)
        heap_push(&h, (double)next_random(DISTINCT) / 4, task_label(i));
    assert_int_equal(h.count, MANY);
    assert_int_equal(pop_all_in_order(&h), MANY);
    heap_free(&h);
}

/* Equal deadlines: push order, however many. A heap without the sequence
 * number breaks this as soon as a sift moves one tie past another. */
static void test_equal_deadlines_pop_in_push_order(void **state)
{
    timer_heap h = { 0 };

    (void)state;
    for (long i = 0; i < 100; i++)
        heap_push(&h, 5.0, task_label(i));
    for (long i = 0; i < 100; i++)
        assert_int_equal(label(heap_pop(&h)), i);
    heap_free(&h);
}

/* Ties mixed with other deadlines, pushed in a fixed interleaving. */
static void test_ties_among_others(void **state)
{
    static const double deadlines[] = { 3, 1, 3, 2, 1, 3, 0.5, 2, 1 };
    static const long expected[] = { 6, 1, 4, 8, 3, 7, 0, 2, 5 };
    timer_heap h = { 0 };

    (void)state;
    for (long i = 0; i < 9; i++)
        heap_push(&h, deadlines[i], task_label(i));
    for (long i = 0; i < 9; i++)
        assert_int_equal(label(heap_pop(&h)), expected[i]);
    heap_free(&h);
}

static void test_peek_and_empty(void **state)
{
    timer_heap h = { 0 };

    (void)state;
    assert_true(heap_is_empty(&h));
    assert_null(heap_peek(&h));
    heap_push(&h, 2.0, task_label(0));
    heap_push(&h, 1.0, task_label(1));
    assert_false(heap_is_empty(&h));
    assert_ptr_equal(heap_peek(&h)->task, task_label(1));
    assert_true(heap_peek(&h)->deadline == 1.0);
    assert_int_equal(h.count, 2);               /* peek removes nothing */
    assert_ptr_equal(heap_pop(&h), task_label(1));
    assert_ptr_equal(heap_peek(&h)->task, task_label(0));
    assert_ptr_equal(heap_pop(&h), task_label(0));
    assert_true(heap_is_empty(&h));
    assert_null(heap_peek(&h));
    heap_free(&h);
}

/* The array starts small and doubles: push well past it, in descending
 * order (every push sifts to the root), and everything comes back. */
static void test_grows_past_initial_capacity(void **state)
{
    timer_heap h = { 0 };
    size_t first_capacity;

    (void)state;
    heap_push(&h, 500.0, task_label(0));
    first_capacity = h.capacity;
    assert_true(first_capacity >= 1);
    for (long i = 1; i < 500; i++)
        heap_push(&h, 500.0 - (double)i, task_label(i));
    assert_int_equal(h.count, 500);
    assert_true(h.capacity >= 500 && h.capacity > first_capacity);
    for (long i = 499; i >= 0; i--)
        assert_int_equal(label(heap_pop(&h)), i);
    heap_free(&h);
    assert_null(h.timers);
    assert_int_equal(h.capacity, 0);
}

/* Pops interleaved with pushes keep the order too (the loop does this:
 * timers fire while others are set). */
static void test_interleaved_push_and_pop(void **state)
{
    timer_heap h = { 0 };
    double now = 0;
    long pushed = 0;

    (void)state;
    while (pushed < MANY) {
        for (int i = 0; i < 3 && pushed < MANY; i++, pushed++)
            heap_push(&h, now + (double)next_random(DISTINCT), task_label(pushed));
        assert_true(heap_peek(&h)->deadline >= now);    /* never back */
        now = heap_peek(&h)->deadline;
        heap_pop(&h);
    }
    pop_all_in_order(&h);
    heap_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_deadlines_pop_in_order),
        cmocka_unit_test(test_equal_deadlines_pop_in_push_order),
        cmocka_unit_test(test_ties_among_others),
        cmocka_unit_test(test_peek_and_empty),
        cmocka_unit_test(test_grows_past_initial_capacity),
        cmocka_unit_test(test_interleaved_push_and_pop),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
