/* main.c - ex04_fastfood: the fast-food kitchen, from the command line.
 *
 * With no arguments: a guided tour of the tutorial's scenarios, on the real
 * clock sped up. With arguments: one scenario of your own (see usage[]).
 * The kitchen is kitchen.c; the tables and charts are report.c; this file
 * only reads the command line and runs scenarios.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kitchen.h"
#include "loop.h"
#include "report.h"
#include "util.h"

#define PROG "ex04_fastfood"
#define TOUR_SPEED 8.0          /* kitchen seconds per real second */
#define MAX_CLIENTS 100000000L  /* --clients N: a bound, so N fits in memory */
#define MAX_SECONDS 1e6         /* no job or gap takes longer (11 days) */

static const char usage_text[] =
    "usage: " PROG "                   a guided tour (about 15 seconds)\n"
    "       " PROG " [options]         one kitchen of your own\n"
    "\n"
    "Step 4 of 7: time, locks and semaphores. The loop gains a clock and\n"
    "timers; tasks sleep, and wait for locks and semaphores without polling.\n"
    "Clients order a burger (a cook, 4 s), fries (the fryer, a batch of 5 in\n"
    "8 s) and a soda (the soda machine, 2 s): which machine holds them up?\n"
    "\n"
    "  --clients ABCDEFGHIJ | --clients N  client names (one letter each),\n"
    "                                      or N clients C1..CN (default A)\n"
    "  --every S                           one client arrives every S seconds\n"
    "                                      (default 0: all at once)\n"
    "  --sync                              the synchronous version (one step\n"
    "                                      after another)\n"
    "  --cooks N (3)  --soda-machines N (1)  --fryer PORTIONSxSECONDS (5x8)\n"
    "  --burger-time S (4)  --soda-time S (2)\n"
    "  --virtual                           virtual clock: instant and exact\n"
    "  --speed X                           real clock, X kitchen seconds per\n"
    "                                      real second (default 1)\n"
    "  --timeline                          after the run, an ASCII chart of\n"
    "                                      the kitchen over time\n"
    "  --svg FILE                          the same chart as an SVG picture\n"
    "  --quiet                             only the order lines and the\n"
    "                                      summary\n"
    "  --help                              this text\n"
    "\n"
    "Example: " PROG " --virtual --clients ABCDEFGHIJ --every 1 --timeline\n";

/* One run of the kitchen, and what to show of it. */
typedef struct {
    kitchen_config cfg;
    const char *names;          /* one letter per client, or NULL */
    long nclients;
    double every;
    bool virtual_clock;
    double speed;               /* real clock only */
    bool narrate;               /* every event, not just the orders */
    bool table;                 /* the resource table after the run */
    bool timeline;
    const char *svg;            /* file name, or NULL */
} scenario;

/* ---- the command line ------------------------------------------------- */

/* Say what is wrong in one line, then the usage; exit status 2. */
static void bad_usage(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

static void bad_usage(const char *fmt, ...)
{
    va_list ap;

    fputs(PROG ": ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n\n%s", usage_text);
    exit(2);
}

static long parse_count(const char *opt, const char *text, long min, long max)
{
    char *end;
    long n;

    errno = 0;
    n = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || n < min || n > max)
        bad_usage("%s wants a whole number from %ld to %ld, not '%s'",
                  opt, min, max, text);
    return n;
}

/* Seconds: a number from `min` up; `min` itself is allowed if inclusive. */
static double parse_seconds(const char *opt, const char *text, double min,
                            bool inclusive)
{
    char *end;
    double s;

    errno = 0;
    s = strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0' || !isfinite(s) ||
        s < min || (s == min && !inclusive) || s > MAX_SECONDS)
        bad_usage("%s wants a number of seconds %s %g (at most %g), not '%s'",
                  opt, inclusive ? "from" : "above", min, MAX_SECONDS, text);
    return s;
}

/* --clients: distinct letters, or a count. */
static void parse_clients(scenario *s, const char *text)
{
    size_t n = strlen(text);

    if (n > 0 && strspn(text, "0123456789") == n) {
        s->names = NULL;
        s->nclients = parse_count("--clients", text, 1, MAX_CLIENTS);
        return;
    }
    if (n > KITCHEN_MAX_CHART_CLIENTS)
        bad_usage("--clients takes at most %d letters, not %zu (or a number)",
                  KITCHEN_MAX_CHART_CLIENTS, n);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
            bad_usage("--clients wants letters (one per client) or a number, "
                      "not '%s'", text);
        if (memchr(text, c, i) != NULL)
            bad_usage("--clients: '%c' comes twice; each client needs its own "
                      "letter", c);
    }
    if (n == 0)
        bad_usage("--clients wants letters (one per client) or a number");
    s->names = text;
    s->nclients = (long)n;
}

/* --fryer PORTIONSxSECONDS, for example 5x8. */
static void parse_fryer(scenario *s, const char *text)
{
    char portions[32];
    const char *x = strchr(text, 'x');

    if (x == NULL || x == text || (size_t)(x - text) >= sizeof portions)
        bad_usage("--fryer wants PORTIONSxSECONDS, like 5x8, not '%s'", text);
    memcpy(portions, text, (size_t)(x - text));
    portions[x - text] = '\0';
    s->cfg.fryer_portions =
        (int)parse_count("--fryer (portions)", portions, 1, 1000);
    s->cfg.fryer_time = parse_seconds("--fryer (seconds)", x + 1, 0, false);
}

/* The value after option argv[*i], or a clear complaint if there is none. */
static const char *value_of(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc)
        bad_usage("%s wants a value", argv[*i]);
    return argv[++*i];
}

/* DOC: parse_args */
static void parse_args(scenario *s, int argc, char **argv)
{
    bool speed_given = false;

    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];

        if (strcmp(opt, "--help") == 0) {
            fputs(usage_text, stdout);
            exit(0);
        } else if (strcmp(opt, "--clients") == 0) {
            parse_clients(s, value_of(argc, argv, &i));
        } else if (strcmp(opt, "--every") == 0) {
            s->every = parse_seconds(opt, value_of(argc, argv, &i), 0, true);
        } else if (strcmp(opt, "--sync") == 0) {
            s->cfg.sync = true;
        } else if (strcmp(opt, "--cooks") == 0) {
            s->cfg.cooks = (int)parse_count(opt, value_of(argc, argv, &i),
                                            1, KITCHEN_MAX_UNITS);
        } else if (strcmp(opt, "--soda-machines") == 0) {
            s->cfg.soda_machines = (int)parse_count(
                opt, value_of(argc, argv, &i), 1, KITCHEN_MAX_UNITS);
        } else if (strcmp(opt, "--fryer") == 0) {
            parse_fryer(s, value_of(argc, argv, &i));
        } else if (strcmp(opt, "--burger-time") == 0) {
            s->cfg.burger_time =
                parse_seconds(opt, value_of(argc, argv, &i), 0, false);
        } else if (strcmp(opt, "--soda-time") == 0) {
            s->cfg.soda_time =
                parse_seconds(opt, value_of(argc, argv, &i), 0, false);
        } else if (strcmp(opt, "--virtual") == 0) {
            s->virtual_clock = true;
        } else if (strcmp(opt, "--speed") == 0) {
            s->speed = parse_seconds(opt, value_of(argc, argv, &i), 0, false);
            speed_given = true;
        } else if (strcmp(opt, "--timeline") == 0) {
            s->timeline = true;
        } else if (strcmp(opt, "--svg") == 0) {
            s->svg = value_of(argc, argv, &i);
        } else if (strcmp(opt, "--quiet") == 0) {
            s->narrate = false;
            s->table = false;
        } else {
            bad_usage("unknown option '%s'", opt);
        }
    }
    if (s->virtual_clock && speed_given)
        bad_usage("--virtual and --speed do not go together: the virtual "
                  "clock has no speed, it jumps");
    if ((s->timeline || s->svg != NULL) &&
        s->nclients > KITCHEN_MAX_CHART_CLIENTS)
        bad_usage("--timeline and --svg draw at most %d clients, not %ld",
                  KITCHEN_MAX_CHART_CLIENTS, s->nclients);
}
/* DOC: end */

/* ---- running a scenario ----------------------------------------------- */

/* One line saying which kitchen this is, so a run explains itself. */
static void describe(const scenario *s)
{
    const kitchen_config *c = &s->cfg;
    char clock[64];

    if (s->virtual_clock)
        snprintf(clock, sizeof clock, "virtual clock");
    else
        snprintf(clock, sizeof clock, "real clock x%g", s->speed);
    say("Kitchen: %d cook%s (burger %g s), fryer %d portions in %g s, "
        "%d soda machine%s (soda %g s); %s, %s.",
        c->cooks, c->cooks == 1 ? "" : "s", c->burger_time,
        c->fryer_portions, c->fryer_time,
        c->soda_machines, c->soda_machines == 1 ? "" : "s", c->soda_time,
        c->sync ? "synchronous" : "asynchronous", clock);
    if (s->nclients == 1)
        say("1 client.");
    else if (s->every > 0)
        say("%ld clients, one every %g s.", s->nclients, s->every);
    else
        say("%ld clients, all at once.", s->nclients);
}

/* Write the chart to s->svg. Returns 0, or -1 with a message on stderr. */
static int write_svg(const scenario *s, const kitchen *k)
{
    FILE *out = fopen(s->svg, "w");
    int failed;

    if (out == NULL) {
        fprintf(stderr, PROG ": cannot write %s: %s\n", s->svg,
                strerror(errno));
        return -1;
    }
    failed = report_svg(k, out) < 0;
    if (fclose(out) != 0)
        failed = 1;
    if (failed) {
        fprintf(stderr, PROG ": writing %s failed: %s\n", s->svg,
                strerror(errno));
        return -1;
    }
    if (s->narrate)
        say("Chart written to %s", s->svg);
    return 0;
}

/* What a run shows after it ends. Returns 0, or -1 if the SVG failed. */
static int show_results(const scenario *s, const kitchen *k)
{
    report_summary(k);
    if (s->table)
        report_resources(k);
    if (s->timeline)
        report_timeline(k);
    return s->svg != NULL ? write_svg(s, k) : 0;
}

/* DOC: run_scenario */
/* Run one kitchen to its end. Returns 0, or -1 if something failed. */
static int run_scenario(const scenario *s)
{
    bool history = s->timeline || s->svg != NULL;
    task *arrivals;
    int status = 0;
    kitchen k;
    loop l;

    loop_init(&l);
    l.print_done = false;               /* the kitchen tells its own story */
    if (!s->virtual_clock)
        loop_use_real_clock(&l, s->speed);
    kitchen_init(&k, &l, &s->cfg, s->names, s->nclients, s->every,
                 s->narrate, history);
    arrivals = task_new(kitchen_arrivals(&k));
    loop_schedule(&l, arrivals);
    if (loop_run_until_empty(&l) < 0 || k.orders != s->nclients) {
        fprintf(stderr, PROG ": the kitchen stopped with %ld of %ld orders "
                "served\n", k.orders, s->nclients);
        status = -1;
    }
    loop_close(&l);
    task_unref(arrivals);
    if (show_results(s, &k) < 0)
        status = -1;
    kitchen_free(&k);
    return status;
}
/* DOC: end */

/* ---- the guided tour -------------------------------------------------- */

typedef struct {
    const char *title;
    const char *notice;         /* the one thing to look at */
    const char *names;
    double every;
    bool sync;
    bool narrate;               /* ten clients: orders and table, no story */
    bool timeline;
} tour_stop;

static const tour_stop tour[] = {
    { "The synchronous kitchen: one client",
      "One server does one job after another: 4 s + 8 s + 2 s = 14 s.",
      "A", 0, true, true, false },
    { "The asynchronous kitchen: one client",
      "The three jobs overlap: the order takes as long as the slowest, "
      "the fries (8 s).",
      "A", 0, false, true, false },
    { "Two clients at once",
      "Three cooks and one batch of five portions serve both: "
      "still 8 s each.",
      "AB", 0, false, true, false },
    { "Ten clients at once",
      "Orders slow down as clients queue for the machines; the timeline "
      "shows who held what, second by second.",
      "ABCDEFGHIJ", 0, false, false, true },
    { "Ten clients, one every 2 seconds",
      "Arrivals are spread out, yet some orders still wait: for what?",
      "ABCDEFGHIJ", 2, false, false, false },
    { "Ten clients, one every second",
      "Busier: look at which machine is busy all the time and how long "
      "clients wait for it.",
      "ABCDEFGHIJ", 1, false, false, false },
};

/* The upgrades are tried on the busiest scenario, instantly. */
#define TRY "./" PROG " --virtual --clients ABCDEFGHIJ --every 1"

static void tour_ending(void)
{
    say("## Your turn: which machine is the bottleneck?");
    say("The tables above say which machine is busy all the time and how "
        "long clients wait for it.");
    say("Try the tutorial's three upgrades, one at a time, and compare "
        "(--virtual: instant):");
    say("  %s --soda-machines 2", TRY);
    say("  %s --fryer 6x7", TRY);
    say("  %s --cooks 4", TRY);
    say("Add --timeline to any of them to see the kitchen second by second.");
}

/* DOC: guided_tour */
static int guided_tour(void)
{
    int status = 0;

    say("Fast food, served by an event loop (step 4 of 7).");
    say("The kitchen clock runs %g times faster than real time: the tour "
        "takes about 12 seconds.", TOUR_SPEED);
    say("Real time runs a little late (each wake-up is late by a fraction "
        "of a millisecond,");
    say("and it adds up): 14.01 s where the tutorial says 14. Every "
        "scenario can be run");
    say("on its own with --virtual, instantly and exactly: see --help.");
    for (size_t i = 0; i < sizeof tour / sizeof tour[0]; i++) {
        const tour_stop *stop = &tour[i];
        scenario s = { .cfg = kitchen_tutorial, .names = stop->names,
                       .nclients = (long)strlen(stop->names),
                       .every = stop->every, .speed = TOUR_SPEED,
                       .narrate = stop->narrate, .table = true,
                       .timeline = stop->timeline };

        s.cfg.sync = stop->sync;
        say("%s", "");
        say("## %zu. %s", i + 1, stop->title);
        say("%s", stop->notice);
        if (run_scenario(&s) < 0)
            status = -1;
    }
    say("%s", "");
    tour_ending();
    return status;
}
/* DOC: end */

int main(int argc, char **argv)
{
    scenario s = { .cfg = kitchen_tutorial, .names = "A", .nclients = 1,
                   .speed = 1.0, .narrate = true, .table = true };

    if (argc == 1)
        return guided_tour() < 0 ? 1 : 0;
    parse_args(&s, argc, argv);
    if (s.narrate)
        describe(&s);
    return run_scenario(&s) < 0 ? 1 : 0;
}
