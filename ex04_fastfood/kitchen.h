/* kitchen.h - ex04_fastfood: the tutorial's fast-food kitchen, as coroutines.
 *
 * Serving a client runs three jobs concurrently and waits for all of them:
 *   burger: order it, then take a cook (Semaphore(3)) for 4 s;
 *   fries:  take the fryer (a Lock); if the stock is empty, cook a batch
 *           for 8 s while holding it (5 portions); take a portion;
 *   soda:   take the soda machine (a Lock) for 2 s.
 * In the synchronous kitchen one server does one job after another, for one
 * client at a time: 4 + 8 + 2 = 14 s for one order, against 8 s when the
 * three jobs overlap.
 *
 * The kitchen also keeps the books: per resource, how long it was busy and
 * how long clients waited for it; per order, how long it took; and, for the
 * charts (report.h), who held what when.
 */
#ifndef KITCHEN_H
#define KITCHEN_H

#include <stdbool.h>

#include "loop.h"
#include "sync.h"

#define KITCHEN_MAX_UNITS 99    /* cooks or soda machines */
#define KITCHEN_MAX_CHART_CLIENTS 52    /* one symbol each: A-Z, a-z */

typedef struct {
    int cooks;                  /* burgers cooked at once */
    int soda_machines;          /* sodas filled at once */
    int fryer_portions;         /* portions in one batch of fries */
    double fryer_time;          /* seconds to cook a batch */
    double burger_time;         /* seconds to cook a burger */
    double soda_time;           /* seconds to fill a soda */
    bool sync;                  /* one server, one job after another */
} kitchen_config;

/* The tutorial's kitchen: 3 cooks, 1 soda machine, 5 portions in 8 s,
 * burgers in 4 s, sodas in 2 s, asynchronous. */
extern const kitchen_config kitchen_tutorial;

typedef enum { ITEM_BURGER, ITEM_FRIES, ITEM_SODA, ITEMS } item_kind;

typedef enum {
    RES_COOKS, RES_FRYER, RES_SODA, RES_SERVER, RESOURCES
} resource_id;

/* One item of one order, in kitchen seconds. */
typedef struct {
    double asked;               /* the job started */
    double served;              /* it got its resource */
    double ready;               /* it was done */
} item_times;

typedef struct {
    long index;                 /* arrival order, from 0 */
    char name[24];              /* "A", or "C17" */
    char symbol;                /* one character for the charts */
    double arrived;
    double ready;
    item_times items[ITEMS];
} client;

/* The books of one resource. */
typedef struct {
    const char *name;           /* "cooks", "fryer", ... */
    int units;                  /* 0 if this kitchen does not use it */
    long holder[KITCHEN_MAX_UNITS];     /* client index per unit, -1 free */
    double busy;                /* seconds held, all units together */
    double waited;              /* seconds clients waited to get it */
    long uses;
} resource_books;

/* One stretch of time during which a client held a unit (for the charts). */
typedef struct {
    resource_id resource;
    int unit;
    long client;
    double from, to;
} usage;

typedef struct {
    kitchen_config cfg;
    loop *loop;
    bool narrate;               /* print every event, not just the orders */

    /* The kitchen's machines. */
    semaphore cooks;
    lock fryer;
    semaphore soda;
    lock server;                /* sync: the one server, one client at a time */
    int fries_stock;            /* portions ready, guarded by the fryer */

    /* Who comes: names[i] if names is set (one letter each), else "C1".. */
    const char *names;
    long nclients;
    double every;               /* seconds between arrivals */

    /* The books. */
    resource_books books[RESOURCES];
    long orders;
    double order_seconds;       /* all orders together */
    double slowest;             /* the longest order */
    double last_ready;          /* when the last order was ready */

    /* For the charts, if asked: every client, and every usage. */
    bool keep_history;
    client **clients;           /* [nclients], kept until kitchen_free() */
    usage *usages;
    long nusages, usages_capacity;
} kitchen;

/* Set up a kitchen on loop l for `nclients` clients arriving `every`
 * seconds, named by `names` (one letter each; NULL for C1..CN). With
 * keep_history, everything the charts need is recorded: nclients must be at
 * most KITCHEN_MAX_CHART_CLIENTS. */
void kitchen_init(kitchen *k, loop *l, const kitchen_config *cfg,
                  const char *names, long nclients, double every,
                  bool narrate, bool keep_history);
void kitchen_free(kitchen *k);

/* The coroutine that lets the clients in, one every `every` seconds, each
 * served by a task of its own. Run it on k's loop until the loop is empty. */
coro *kitchen_arrivals(kitchen *k);

#endif
