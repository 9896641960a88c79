/* test_kitchen.c - scenario tests for ex04's fast-food kitchen
 * (kitchen.h), in virtual time, where every figure is exact.
 *
 * The model (kitchen.h): serving a client runs three jobs at once and
 * waits for all of them:
 *   burger: a cook (3 of them) for 4 s;
 *   fries:  the fryer (a lock); if the stock is empty, fry a batch of 5
 *           portions for 8 s while holding it; take a portion;
 *   soda:   the soda machine (1) for 2 s.
 * Each waiting line is first come, first served. The synchronous kitchen
 * does the three jobs one after another, one client at a time.
 *
 * Every expected figure below is worked out by hand from that model in
 * the comment above its test, so a test that fails says which of the two,
 * the model or the code, to look at.
 */
#include <stdarg.h>             /* cmocka.h needs these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "kitchen.h"
#include "capture.h"
#include "run_bounded.h"

#define TEN "ABCDEFGHIJ"

/* ---- running a scenario ----------------------------------------------- */

/* Every permit is back and nobody waits: the run gave back all it took.
 * The locks (fryer, server) have no holder left. */
static void assert_all_free(const kitchen *k)
{
    const semaphore *sems[] = { &k->cooks, &k->fryer.sem, &k->soda,
                                &k->server.sem };

    for (size_t i = 0; i < sizeof sems / sizeof sems[0]; i++) {
        assert_int_equal(sems[i]->available, sems[i]->capacity);
        assert_true(queue_is_empty(&sems[i]->waiters));
    }
    assert_null(k->fryer.holder);
    assert_null(k->server.holder);
}

/* Let clients `names` (one letter each) in, one every `every` seconds, to
 * a kitchen set up as `cfg`, on a fresh loop on the virtual clock; run it
 * until everyone is served. The history is kept, so that each client's
 * times can be checked; the caller calls kitchen_free(). */
static void run_kitchen(kitchen *k, loop *l, const kitchen_config *cfg,
                        const char *names, double every, bool narrate)
{
    task *arrivals;

    loop_init(l);
    l->print_done = false;
    kitchen_init(k, l, cfg, names, (long)strlen(names), every, narrate, true);
    arrivals = task_new(kitchen_arrivals(k));
    loop_schedule(l, arrivals);
    assert_int_equal(run_bounded(l), 0);
    assert_int_equal(arrivals->status, TASK_FINISHED);
    assert_all_free(k);
    loop_close(l);
    task_unref(arrivals);
}

/* Each client's order time (ready - arrived), in arrival order, as text:
 * "8 8 10". %.9g prints 8 as "8" but 8.0000001 in full, so the comparison
 * is exact, and a failure shows every client at once. */
static const char *order_times(const kitchen *k)
{
    static char text[512];
    size_t used = 0;

    text[0] = '\0';
    for (long i = 0; i < k->nclients; i++) {
        const client *c = k->clients[i];
        used += (size_t)snprintf(text + used, sizeof text - used, "%s%.9g",
                                 i ? " " : "", c->ready - c->arrived);
    }
    return text;
}

/* The run's totals: orders, the sum of the order times (the mean is
 * sum / orders), the slowest, and the time the last order was ready. */
static void assert_totals(const kitchen *k, long orders, double sum,
                          double slowest, double last_ready)
{
    assert_int_equal(k->orders, orders);
    assert_true(k->order_seconds == sum);
    assert_true(k->slowest == slowest);
    assert_true(k->last_ready == last_ready);
}

static kitchen_config sync_kitchen(void)
{
    kitchen_config cfg = kitchen_tutorial;

    cfg.sync = true;
    return cfg;
}

/* ---- the synchronous kitchen ------------------------------------------ */

/* One client: burger 4 s, then fries 8 s, then soda 2 s: 14 s. The jobs
 * follow one another, so the story is told in that order too. */
static void test_sync_one_client_14s(void **state)
{
    kitchen_config cfg = sync_kitchen();
    kitchen k;
    loop l;

    (void)state;
    run_kitchen(&k, &l, &cfg, "A", 0, true);
    assert_string_equal(order_times(&k), "14");
    assert_totals(&k, 1, 14, 14, 14);
    assert_string_equal(said(),
        "Preparing order for A\n"
        "> Ordering burger for A from the kitchen\n"
        "* Burger for A is being prepared\n"
        "< Burger for A is ready\n"
        "> Getting a portion of fries for A\n"
        "* Putting fries in the fryer\n"
        "* Fries are ready\n"
        "< Fries for A are ready\n"
        "> Filling soda cup for A\n"
        "< Soda for A is ready\n"
        "Order for A ready in 14.00 s\n");
    kitchen_free(&k);
}

/* Two clients: B waits for the server until 14, then burger 14-18, fries
 * from the stock A's batch left (4 portions) at once, soda 18-20: 20 s. */
static void test_sync_two_clients(void **state)
{
    kitchen_config cfg = sync_kitchen();
    kitchen k;
    loop l;

    (void)state;
    run_kitchen(&k, &l, &cfg, "AB", 0, false);
    assert_string_equal(order_times(&k), "14 20");
    assert_totals(&k, 2, 34, 20, 20);
    assert_true(k.books[RES_SERVER].waited == 14);
    kitchen_free(&k);
}

/* ---- the asynchronous kitchen: the tutorial's runs -------------------- */

/* One client: soda 0-2, burger 0-4, fries 0-8 at once: 8 s. Told in the
 * order things happen: the three jobs start, then soda (2 s), burger
 * (4 s), fries (8 s) are ready. */
static void test_one_client_8s(void **state)
{
    kitchen k;
    loop l;

    (void)state;
    run_kitchen(&k, &l, &kitchen_tutorial, "A", 0, true);
    assert_string_equal(order_times(&k), "8");
    assert_totals(&k, 1, 8, 8, 8);
    assert_string_equal(said(),
        "Preparing order for A\n"
        "> Ordering burger for A from the kitchen\n"
        "* Burger for A is being prepared\n"
        "> Getting a portion of fries for A\n"
        "* Putting fries in the fryer\n"
        "> Filling soda cup for A\n"
        "< Soda for A is ready\n"
        "< Burger for A is ready\n"
        "* Fries are ready\n"
        "< Fries for A are ready\n"
        "Order for A ready in 8.00 s\n");
    kitchen_free(&k);
}

/* Two clients: B's burger has the second cook, its fries come from A's
 * batch at 8, its soda 2-4: 8 s each. */
static void test_two_clients_8s_each(void **state)
{
    kitchen k;
    loop l;

    (void)state;
    run_kitchen(&k, &l, &kitchen_tutorial, "AB", 0, false);
    assert_string_equal(order_times(&k), "8 8");
    assert_totals(&k, 2, 16, 8, 8);
    assert_string_equal(said(), "Order for A ready in 8.00 s\n"
                                "Order for B ready in 8.00 s\n");
    kitchen_free(&k);
}

/* Ten at once:
 *   cooks: ABC 0-4, DEF 4-8, GHI 8-12, J 12-16;
 *   fryer: A fries 0-8, A..E take the 5 portions at 8; F fries 8-16,
 *          F..J at 16;
 *   soda:  A 0-2, B 2-4, ..., J 18-20.
 * Each order is ready when its last item is: A B C D 8 (fries), E 10
 * (soda), F G H 16 (fries), I 18, J 20 (soda). Sum 128: mean 12.80. */
static void test_ten_at_once(void **state)
{
    kitchen k;
    loop l;

    (void)state;
    run_kitchen(&k, &l, &kitchen_tutorial, TEN, 0, false);
    assert_string_equal(order_times(&k), "8 8 8 8 10 16 16 16 18 20");
    assert_totals(&k, 10, 128, 20, 20);
    assert_true(k.order_seconds / (double)k.orders == 12.8);
    assert_int_equal(k.fries_stock, 0);         /* two batches, ten portions */
    kitchen_free(&k);
}

/* One every 2 s: A 0, B 2, ..., J 18. The soda machine (2 s) and the
 * cooks (at most two burgers at a time) never make anyone wait; the fryer
 * does:
 *   A fries 0-8 (5 portions); B (2), C (4), D (6) wait for it until 8;
 *   E comes at 8 and takes the last portion;
 *   F fries 10-18; G (12), H (14), I (16) wait until 18; J comes at 18.
 * Orders: A 8, B 8-2 = 6, C 8-4 = 4, D burger 6-10: 4, E burger 8-12: 4,
 * F 18-10 = 8, G 6, H 4, I burger 16-20: 4, J burger 18-22: 4.
 * Sum 52: mean 5.20, max 8; the last order is ready at 22. */
static void test_one_every_2s(void **state)
{
    kitchen k;
    loop l;

    (void)state;
    run_kitchen(&k, &l, &kitchen_tutorial, TEN, 2, false);
    assert_string_equal(order_times(&k), "8 6 4 4 4 8 6 4 4 4");
    assert_totals(&k, 10, 52, 8, 22);
    kitchen_free(&k);
}

/* One every second: A 0, B 1, ..., J 9.
 *   cooks: A 0-4, B 1-5, C 2-6, D 4-8, E 5-9, F 6-10, G 8-12, H 9-13,
 *          I 10-14, J 12-16 (each takes the first cook to come free);
 *   fryer: A fries 0-8, A..E take its portions at 8; F (asked at 5)
 *          fries 8-16, F..J at 16;
 *   soda:  one after another from 0: A 2, B 4, ..., J 20.
 * Orders (last item - arrival): A 8-0 = 8, B 8-1 = 7, C 8-2 = 6,
 * D 8-3 = 5, E 10-4 = 6, F 16-5 = 11, G 16-6 = 10, H 16-7 = 9,
 * I 18-8 = 10, J 20-9 = 11. Sum 83: mean 8.30, max 11. */
static void test_one_every_1s(void **state)
{
    kitchen k;
    loop l;

    (void)state;
    run_kitchen(&k, &l, &kitchen_tutorial, TEN, 1, false);
    assert_string_equal(order_times(&k), "8 7 6 5 6 11 10 9 10 11");
    assert_totals(&k, 10, 83, 11, 20);
    kitchen_free(&k);
}

/* ---- the tutorial's three upgrades, for ten at once ------------------- */

/* A second soda machine: sodas two at a time, AB 0-2, CD 2-4, ..., IJ
 * 8-10, so the soda never decides an order any more; the fries do:
 * A..E 8, F..J 16. Mean 12.80 -> 12.00, max 20 -> 16. */
static void test_second_soda_machine(void **state)
{
    kitchen_config cfg = kitchen_tutorial;
    kitchen k;
    loop l;

    (void)state;
    cfg.soda_machines = 2;
    run_kitchen(&k, &l, &cfg, TEN, 0, false);
    assert_string_equal(order_times(&k), "8 8 8 8 8 16 16 16 16 16");
    assert_totals(&k, 10, 120, 16, 16);
    kitchen_free(&k);
}

/* A fryer making 6 portions in 7 s: A fries 0-7, A..F take portions at
 * 7; G fries 7-14, G..J at 14. Burgers and sodas as before, so: A B C 7,
 * D 8 (burger), E 10, F 12 (soda), G 14, H 16, I 18, J 20 (soda).
 * Mean 12.80 -> 11.90; the max stays 20: the soda machine decides it. */
static void test_faster_fryer(void **state)
{
    kitchen_config cfg = kitchen_tutorial;
    kitchen k;
    loop l;

    (void)state;
    cfg.fryer_portions = 6;
    cfg.fryer_time = 7;
    run_kitchen(&k, &l, &cfg, TEN, 0, false);
    assert_string_equal(order_times(&k), "7 7 7 8 10 12 14 16 18 20");
    assert_totals(&k, 10, 119, 20, 20);
    assert_int_equal(k.fries_stock, 2);         /* 12 fried, 10 eaten */
    kitchen_free(&k);
}

/* A fourth cook: burgers ABCD 0-4, EFGH 4-8, IJ 8-12, earlier than
 * before, and clients wait 32 s for a cook instead of 48; but no burger
 * was the last item of any order, so no order is served sooner: mean
 * 12.80, max 20, as with three. The cooks were not the bottleneck. */
static void test_fourth_cook(void **state)
{
    kitchen_config cfg = kitchen_tutorial;
    kitchen k;
    loop l;

    (void)state;
    cfg.cooks = 4;
    run_kitchen(&k, &l, &cfg, TEN, 0, false);
    assert_string_equal(order_times(&k), "8 8 8 8 10 16 16 16 18 20");
    assert_totals(&k, 10, 128, 20, 20);
    assert_true(k.books[RES_COOKS].waited == 32);
    kitchen_free(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sync_one_client_14s,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_sync_two_clients,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_one_client_8s,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_two_clients_8s_each,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_ten_at_once,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_one_every_2s,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_one_every_1s,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_second_soda_machine,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_faster_fryer,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_fourth_cook,
                                        capture_setup, capture_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
