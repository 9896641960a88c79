/* kitchen.c - ex04_fastfood: the fast-food kitchen, as coroutines.
 *
 * Read it top-down: the books (what the kitchen measures), then one
 * coroutine per job (burger and soda share one shape; fries has its own),
 * then serving a client (asynchronous and synchronous), then the arrivals.
 */
#include "kitchen.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

const kitchen_config kitchen_tutorial = {
    .cooks = 3, .soda_machines = 1, .fryer_portions = 5, .fryer_time = 8,
    .burger_time = 4, .soda_time = 2, .sync = false,
};

static const char *const resource_names[RESOURCES] = {
    [RES_COOKS] = "cooks", [RES_FRYER] = "fryer",
    [RES_SODA] = "soda machine", [RES_SERVER] = "server",
};

/* ---- the books -------------------------------------------------------- */

/* A line of the story; --quiet leaves them out. */
static void narrate(const kitchen *k, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void narrate(const kitchen *k, const char *fmt, ...)
{
    char line[160];
    va_list ap;

    if (!k->narrate)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    say("%s", line);
}

static double now(const kitchen *k)
{
    return loop_now(k->loop);
}

static void record_usage(kitchen *k, resource_id r, int unit, const client *c)
{
    if (k->nusages == k->usages_capacity) {
        long capacity = k->usages_capacity ? 2 * k->usages_capacity : 64;
        usage *bigger = realloc(k->usages, (size_t)capacity * sizeof *bigger);

        if (bigger == NULL)
            die("out of memory (%ld usages)", capacity);
        k->usages = bigger;
        k->usages_capacity = capacity;
    }
    k->usages[k->nusages++] = (usage){ r, unit, c->index, now(k), now(k) };
}

/* Client c got a unit of resource r, which it asked for at stretch->asked.
 * Returns the unit, for resource_given_back(). */
static int resource_taken(kitchen *k, resource_id r, const client *c,
                          item_times *stretch)
{
    resource_books *b = &k->books[r];
    int unit = 0;

    while (b->holder[unit] != -1)   /* the semaphore guarantees a free one */
        unit++;
    assert(unit < b->units);
    b->holder[unit] = c->index;
    b->waited += now(k) - stretch->asked;
    b->uses++;
    stretch->served = now(k);
    if (k->keep_history)
        record_usage(k, r, unit, c);
    return unit;
}

/* Client c gives back the unit it held since stretch->served. */
static void resource_given_back(kitchen *k, resource_id r, int unit,
                                const client *c, const item_times *stretch)
{
    resource_books *b = &k->books[r];

    b->holder[unit] = -1;
    b->busy += now(k) - stretch->served;
    if (k->keep_history) {
        for (long i = k->nusages - 1; i >= 0; i--) {
            usage *u = &k->usages[i];
            if (u->resource == r && u->unit == unit && u->client == c->index) {
                u->to = now(k);
                break;
            }
        }
    }
}

/* ---- burger and soda: ask, hold a resource for a while, done ---------- */

/* Burger and soda are one coroutine with two recipes: what differs is the
 * resource, how long it is held, and the three lines it narrates. */
typedef struct {
    item_kind item;
    resource_id resource;
    const char *asking;         /* printf formats; %s is the client */
    const char *started;        /* NULL: nothing to say */
    const char *ready;
} recipe;

static const recipe burger_recipe = {
    ITEM_BURGER, RES_COOKS,
    "> Ordering burger for %s from the kitchen",
    "* Burger for %s is being prepared",
    "< Burger for %s is ready",
};

static const recipe soda_recipe = {
    ITEM_SODA, RES_SODA,
    "> Filling soda cup for %s",
    NULL,
    "< Soda for %s is ready",
};

/* DOC: item_frame */
typedef struct {
    coro base;
    enum { ITEM_START, ITEM_WAIT_RESOURCE, ITEM_IN_PROGRESS } resume;
    const recipe *recipe;
    kitchen *k;
    client *c;
    semaphore *sem;             /* the cooks, or the soda machines */
    double seconds;             /* how long the job holds it */
    int unit;                   /* which cook or machine we got */
    acquire_frame acquire;
    sleep_frame work;
} item_frame;
/* DOC: end */

/* DOC: item_step */
static coro_status item_step(coro *base, task *t)
{
    item_frame *self = (item_frame *)base;
    const recipe *r = self->recipe;
    coro_status status;

    switch (self->resume) {
    case ITEM_START:                /* ask for a cook (or a soda machine) */
        narrate(self->k, r->asking, self->c->name);  /* "> Ordering burger.." */
        self->c->items[r->item].asked = now(self->k);
        acquire_init(&self->acquire, self->sem);
        self->resume = ITEM_WAIT_RESOURCE;
        /* fall through */
    case ITEM_WAIT_RESOURCE:        /* async with sem: parked until we get one */
        status = coro_step(&self->acquire.base, t);
        if (status != CORO_DONE)
            return status;
        self->unit = resource_taken(self->k, r->resource, self->c,
                                    &self->c->items[r->item]);
        if (r->started != NULL)     /* "* Burger for A is being prepared" */
            narrate(self->k, r->started, self->c->name);
        sleep_init(&self->work, self->seconds);
        self->resume = ITEM_IN_PROGRESS;
        /* fall through */
    case ITEM_IN_PROGRESS:          /* await sleep(seconds), holding it */
        status = coro_step(&self->work.base, t);
        if (status != CORO_DONE)
            return status;
        break;
    }
    resource_given_back(self->k, r->resource, self->unit, self->c,
                        &self->c->items[r->item]);
    if (semaphore_release(self->sem) < 0)
        return task_fail(t, "gave back a resource it did not hold");
    narrate(self->k, r->ready, self->c->name);      /* "< Burger for A is.." */
    self->c->items[r->item].ready = now(self->k);
    return CORO_DONE;
}
/* DOC: end */

/* Two coroutine types, one step function: the names differ, for --trace
 * and the task's repr. */
static const coro_type burger_type = {
    .name = "burger",
    .step = item_step,
    .size = sizeof(item_frame),
    .points = { CORO_POINT(ITEM_START), CORO_POINT(ITEM_WAIT_RESOURCE),
                CORO_POINT(ITEM_IN_PROGRESS) },
};

static const coro_type soda_type = {
    .name = "soda",
    .step = item_step,
    .size = sizeof(item_frame),
    .points = { CORO_POINT(ITEM_START), CORO_POINT(ITEM_WAIT_RESOURCE),
                CORO_POINT(ITEM_IN_PROGRESS) },
};

static void burger_init(item_frame *self, kitchen *k, client *c)
{
    *self = (item_frame){ .base = { &burger_type }, .recipe = &burger_recipe,
                          .k = k, .c = c, .sem = &k->cooks,
                          .seconds = k->cfg.burger_time };
}

static void soda_init(item_frame *self, kitchen *k, client *c)
{
    *self = (item_frame){ .base = { &soda_type }, .recipe = &soda_recipe,
                          .k = k, .c = c, .sem = &k->soda,
                          .seconds = k->cfg.soda_time };
}

/* ---- fries: the fryer is a lock, and a batch serves several clients --- */

/* DOC: fries_frame */
typedef struct {
    coro base;
    enum { FRIES_START, FRIES_WAIT_LOCK, FRIES_FRYING } resume;
    kitchen *k;
    client *c;
    acquire_frame acquire;
    sleep_frame batch;
} fries_frame;
/* DOC: end */

/* DOC: fries_step */
static coro_status fries_step(coro *base, task *t)
{
    fries_frame *self = (fries_frame *)base;
    kitchen *k = self->k;
    coro_status status;

    switch (self->resume) {
    case FRIES_START:               /* ask for the fryer */
        narrate(k, "> Getting a portion of fries for %s", self->c->name);
        self->c->items[ITEM_FRIES].asked = now(k);
        lock_acquire_init(&self->acquire, &k->fryer);
        self->resume = FRIES_WAIT_LOCK;
        /* fall through */
    case FRIES_WAIT_LOCK:           /* async with fryer: parked until ours */
        status = coro_step(&self->acquire.base, t);
        if (status != CORO_DONE)
            return status;
        resource_taken(k, RES_FRYER, self->c, &self->c->items[ITEM_FRIES]);
        if (k->fries_stock > 0)
            break;                  /* a portion is waiting: take it */
        narrate(k, "* Putting fries in the fryer");
        sleep_init(&self->batch, k->cfg.fryer_time);
        self->resume = FRIES_FRYING;
        /* fall through */
    case FRIES_FRYING:              /* the stock was empty: fry a batch, */
        status = coro_step(&self->batch.base, t);   /* holding the lock */
        if (status != CORO_DONE)
            return status;
        k->fries_stock += k->cfg.fryer_portions;
        narrate(k, "* Fries are ready");
        break;
    }
    k->fries_stock--;               /* our portion */
    resource_given_back(k, RES_FRYER, 0, self->c, &self->c->items[ITEM_FRIES]);
    lock_release(&k->fryer, t);
    narrate(k, "< Fries for %s are ready", self->c->name);
    self->c->items[ITEM_FRIES].ready = now(k);
    return CORO_DONE;
}
/* DOC: end */

static const coro_type fries_type = {
    .name = "fries",
    .step = fries_step,
    .size = sizeof(fries_frame),
    .points = { CORO_POINT(FRIES_START), CORO_POINT(FRIES_WAIT_LOCK),
                CORO_POINT(FRIES_FRYING) },
};

static void fries_init(fries_frame *self, kitchen *k, client *c)
{
    *self = (fries_frame){ .base = { &fries_type }, .k = k, .c = c };
}

/* Each job as a task of its own, for the asynchronous kitchen. */
static coro *job_new(item_kind item, kitchen *k, client *c)
{
    item_frame *job;

    if (item == ITEM_FRIES) {
        fries_frame *fries = (fries_frame *)coro_new(&fries_type);
        fries_init(fries, k, c);
        return &fries->base;
    }
    job = (item_frame *)coro_new(item == ITEM_BURGER ? &burger_type
                                                     : &soda_type);
    if (item == ITEM_BURGER)
        burger_init(job, k, c);
    else
        soda_init(job, k, c);
    return &job->base;
}

/* ---- an order is ready ------------------------------------------------ */

static void order_ready(kitchen *k, client *c)
{
    double seconds;

    c->ready = now(k);
    seconds = c->ready - c->arrived;
    say("Order for %s ready in %.2f s", c->name, seconds);
    k->orders++;
    k->order_seconds += seconds;
    if (seconds > k->slowest)
        k->slowest = seconds;
    k->last_ready = c->ready;
    if (!k->keep_history)
        free(c);                /* else the charts need it: kitchen_free() */
}

/* ---- serving a client, asynchronously --------------------------------- */

/* DOC: serve_frame */
typedef struct {
    coro base;
    enum { SERVE_START, SERVE_WAITING } resume;
    kitchen *k;
    client *c;
    task *jobs[ITEMS];          /* one reference each, released at the end */
    wait_frame wait;
} serve_frame;
/* DOC: end */

static void serve_release(serve_frame *self)
{
    for (int i = 0; i < ITEMS; i++) {
        if (self->jobs[i] != NULL)
            task_unref(self->jobs[i]);
        self->jobs[i] = NULL;
    }
}

/* DOC: serve_step */
static coro_status serve_step(coro *base, task *t)
{
    serve_frame *self = (serve_frame *)base;
    coro_status status;

    switch (self->resume) {
    case SERVE_START:               /* three jobs, each a task of its own */
        narrate(self->k, "Preparing order for %s", self->c->name);
        for (int i = 0; i < ITEMS; i++)
            self->jobs[i] = task_new(job_new((item_kind)i, self->k, self->c));
        wait_init(&self->wait, self->jobs, ITEMS);
        self->resume = SERVE_WAITING;
        /* fall through */
    case SERVE_WAITING:             /* await wait(jobs): all three at once */
        status = coro_step(&self->wait.base, t);
        if (status != CORO_DONE)
            return status;
        break;
    }
    serve_release(self);
    if (self->wait.failed > 0)
        return task_fail(t, "a job of the order failed");
    order_ready(self->k, self->c);
    return CORO_DONE;
}
/* DOC: end */

/* The task was freed before serve ended: let go of the jobs. */
static void serve_drop(coro *base)
{
    serve_release((serve_frame *)base);
}

static const coro_type serve_type = {
    .name = "serve",
    .step = serve_step,
    .size = sizeof(serve_frame),
    .points = { CORO_POINT(SERVE_START), CORO_POINT(SERVE_WAITING) },
    .drop = serve_drop,
};

static coro *serve(kitchen *k, client *c)
{
    serve_frame *self = (serve_frame *)coro_new(&serve_type);

    self->k = k;
    self->c = c;
    return &self->base;
}

/* ---- serving a client, synchronously ---------------------------------- */

/* DOC: serve_sync_frame */
typedef struct {
    coro base;
    enum { SERVE_SYNC_START, SERVE_SYNC_WAIT_SERVER, SERVE_SYNC_JOBS } resume;
    kitchen *k;
    client *c;
    acquire_frame server;
    item_times at_server;       /* queueing for the server, then served */
    item_frame burger;          /* the three jobs run inside this frame, */
    fries_frame fries;          /* one after another (yield from each) */
    item_frame soda;
    coro *jobs[ITEMS];
    int next_job;
} serve_sync_frame;
/* DOC: end */

static coro_status serve_sync_step(coro *base, task *t)
{
    serve_sync_frame *self = (serve_sync_frame *)base;
    kitchen *k = self->k;
    coro_status status;

    switch (self->resume) {
    case SERVE_SYNC_START:          /* queue for the one server */
        self->at_server.asked = now(k);
        lock_acquire_init(&self->server, &k->server);
        self->resume = SERVE_SYNC_WAIT_SERVER;
        /* fall through */
    case SERVE_SYNC_WAIT_SERVER:    /* parked until the server is ours */
        status = coro_step(&self->server.base, t);
        if (status != CORO_DONE)
            return status;
        resource_taken(k, RES_SERVER, self->c, &self->at_server);
        narrate(k, "Preparing order for %s", self->c->name);
        self->resume = SERVE_SYNC_JOBS;
        /* fall through */
    case SERVE_SYNC_JOBS:           /* one job after another, in our task */
        while (self->next_job < ITEMS) {
            status = coro_step(self->jobs[self->next_job], t);
            if (status != CORO_DONE)
                return status;
            self->next_job++;
        }
        break;
    }
    resource_given_back(k, RES_SERVER, 0, self->c, &self->at_server);
    lock_release(&k->server, t);
    order_ready(k, self->c);
    return CORO_DONE;
}

static const coro_type serve_sync_type = {
    .name = "serve_sync",
    .step = serve_sync_step,
    .size = sizeof(serve_sync_frame),
    .points = { CORO_POINT(SERVE_SYNC_START),
                CORO_POINT(SERVE_SYNC_WAIT_SERVER),
                CORO_POINT(SERVE_SYNC_JOBS) },
};

static coro *serve_sync(kitchen *k, client *c)
{
    serve_sync_frame *self = (serve_sync_frame *)coro_new(&serve_sync_type);

    self->k = k;
    self->c = c;
    burger_init(&self->burger, k, c);
    fries_init(&self->fries, k, c);
    soda_init(&self->soda, k, c);
    self->jobs[ITEM_BURGER] = &self->burger.base;
    self->jobs[ITEM_FRIES] = &self->fries.base;
    self->jobs[ITEM_SODA] = &self->soda.base;
    return &self->base;
}

/* ---- the arrivals ----------------------------------------------------- */

static client *client_new(kitchen *k, long index)
{
    client *c = xcalloc(1, sizeof *c);

    c->index = index;
    c->arrived = now(k);
    if (k->names != NULL)
        snprintf(c->name, sizeof c->name, "%c", k->names[index]);
    else
        snprintf(c->name, sizeof c->name, "C%ld", index + 1);
    if (k->names != NULL)
        c->symbol = k->names[index];
    else
        c->symbol = index < 26 ? (char)('A' + index) : (char)('a' + index - 26);
    if (k->keep_history)
        k->clients[index] = c;
    return c;
}

/* DOC: arrivals */
typedef struct {
    coro base;
    enum { ARRIVALS_START, ARRIVALS_LAUNCHED, ARRIVALS_PAUSE } resume;
    kitchen *k;
    long arrived;               /* clients let in so far */
    task *launched;             /* the last client's task, being scheduled */
    sleep_frame pause;          /* between two arrivals */
} arrivals_frame;

/* A client comes in, and is served by a task of its own: ask the loop to
 * schedule it (ensure_future), and resume at ARRIVALS_LAUNCHED. */
static coro_status let_next_client_in(arrivals_frame *self, task *t)
{
    kitchen *k = self->k;
    client *c = client_new(k, self->arrived);

    self->launched = task_new(k->cfg.sync ? serve_sync(k, c) : serve(k, c));
    self->resume = ARRIVALS_LAUNCHED;
    return request_schedule(t, &self->launched, 1);
}

static coro_status arrivals_step(coro *base, task *t)
{
    arrivals_frame *self = (arrivals_frame *)base;
    coro_status status;

    switch (self->resume) {
    case ARRIVALS_START:            /* the first client comes at once */
        return let_next_client_in(self, t);
    case ARRIVALS_LAUNCHED:         /* the loop has the client's task now */
        task_unref(self->launched);
        self->launched = NULL;
        if (++self->arrived == self->k->nclients)
            break;                  /* everyone is in */
        if (self->k->every == 0)    /* they all come at the same time */
            return let_next_client_in(self, t);
        sleep_init(&self->pause, self->k->every);
        self->resume = ARRIVALS_PAUSE;
        /* fall through */
    case ARRIVALS_PAUSE:            /* await sleep(every), then the next */
        status = coro_step(&self->pause.base, t);
        if (status != CORO_DONE)
            return status;
        return let_next_client_in(self, t);
    }
    return CORO_DONE;
}
/* DOC: end */

/* The task was freed before every client came in. */
static void arrivals_drop(coro *base)
{
    arrivals_frame *self = (arrivals_frame *)base;

    if (self->launched != NULL)
        task_unref(self->launched);
}

static const coro_type arrivals_type = {
    .name = "arrivals",
    .step = arrivals_step,
    .size = sizeof(arrivals_frame),
    .points = { CORO_POINT(ARRIVALS_START), CORO_POINT(ARRIVALS_LAUNCHED),
                CORO_POINT(ARRIVALS_PAUSE) },
    .drop = arrivals_drop,
};

coro *kitchen_arrivals(kitchen *k)
{
    arrivals_frame *self = (arrivals_frame *)coro_new(&arrivals_type);

    self->k = k;
    return &self->base;
}

/* ---- setting up ------------------------------------------------------- */

static void books_init(resource_books *b, resource_id r, int units)
{
    *b = (resource_books){ .name = resource_names[r], .units = units };
    for (int i = 0; i < KITCHEN_MAX_UNITS; i++)
        b->holder[i] = -1;
}

void kitchen_init(kitchen *k, loop *l, const kitchen_config *cfg,
                  const char *names, long nclients, double every,
                  bool narrate, bool keep_history)
{
    assert(nclients > 0 && cfg->cooks <= KITCHEN_MAX_UNITS &&
           cfg->soda_machines <= KITCHEN_MAX_UNITS);
    assert(!keep_history || nclients <= KITCHEN_MAX_CHART_CLIENTS);
    *k = (kitchen){ .cfg = *cfg, .loop = l, .narrate = narrate,
                    .names = names, .nclients = nclients, .every = every,
                    .keep_history = keep_history };
    semaphore_init(&k->cooks, l, "cooks", cfg->cooks);
    lock_init(&k->fryer, l, "fryer");
    semaphore_init(&k->soda, l, "soda machine", cfg->soda_machines);
    lock_init(&k->server, l, "server");
    books_init(&k->books[RES_COOKS], RES_COOKS, cfg->cooks);
    books_init(&k->books[RES_FRYER], RES_FRYER, 1);
    books_init(&k->books[RES_SODA], RES_SODA, cfg->soda_machines);
    books_init(&k->books[RES_SERVER], RES_SERVER, cfg->sync ? 1 : 0);
    if (keep_history)
        k->clients = xcalloc((size_t)nclients, sizeof *k->clients);
}

void kitchen_free(kitchen *k)
{
    if (k->clients != NULL)
        for (long i = 0; i < k->nclients; i++)
            free(k->clients[i]);
    free(k->clients);
    free(k->usages);
    k->clients = NULL;
    k->usages = NULL;
}
