/* test_report.c - tests for ex04's reports (report.h): the summary line,
 * the resource table and its bottleneck line, the ASCII timeline and the
 * SVG picture, read off kitchen runs in virtual time.
 *
 * The ten-client run the tests use most (see test_kitchen.c for how each
 * figure follows from the model), over 20 s:
 *   cooks: ABC 0-4, DEF 4-8, GHI 8-12, J 12-16: 40 s of 3 x 20 = 66.7 %;
 *          waits D E F 4 s, G H I 8 s, J 12 s: 48 s;
 *   fryer: A's batch 0-8, F's 8-16 (the other takes hold it 0 s): 16 s
 *          of 20 = 80.0 %; waits B..F 8 s each, G..J 16 s each: 104 s;
 *   soda:  2 s each, back to back: 20 s of 20 = 100.0 %; waits 0, 2, 4,
 *          ..., 18 s: 90 s.
 * Clients waited longest for the fryer: the bottleneck line names it.
 */
#include <stdarg.h>             /* cmocka.h needs these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "kitchen.h"
#include "report.h"
#include "capture.h"
#include "run_bounded.h"

#define TEN "ABCDEFGHIJ"

/* ---- running a scenario ----------------------------------------------- */

/* A run on the virtual clock, quietly, with its history; the caller calls
 * kitchen_free(). Nothing it says is left in said(). */
static void run_kitchen(kitchen *k, const kitchen_config *cfg,
                        const char *names, double every)
{
    loop l;
    task *arrivals;
    FILE *quiet = fopen("/dev/null", "w");

    assert_non_null(quiet);
    say_to(quiet);                  /* the "Order for A ..." lines */
    loop_init(&l);
    l.print_done = false;
    kitchen_init(k, &l, cfg, names, (long)strlen(names), every, false, true);
    arrivals = task_new(kitchen_arrivals(k));
    loop_schedule(&l, arrivals);
    assert_int_equal(run_bounded(&l), 0);
    loop_close(&l);
    task_unref(arrivals);
    k->loop = NULL;                 /* l is gone; the reports never use it */
    say_to(capture_out);
    fclose(quiet);
}

/* ---- the summary ------------------------------------------------------ */

static void test_summary_lines(void **state)
{
    kitchen_config sync = kitchen_tutorial;
    kitchen k;
    loop l;

    (void)state;
    run_kitchen(&k, &kitchen_tutorial, TEN, 0);
    report_summary(&k);
    kitchen_free(&k);
    run_kitchen(&k, &kitchen_tutorial, "A", 0);
    report_summary(&k);
    kitchen_free(&k);
    sync.sync = true;
    run_kitchen(&k, &sync, "A", 0);
    report_summary(&k);
    kitchen_free(&k);
    loop_init(&l);                  /* a kitchen that never opened */
    kitchen_init(&k, &l, &kitchen_tutorial, "A", 1, 0, false, false);
    report_summary(&k);
    kitchen_free(&k);
    assert_string_equal(said(), "10 orders: mean 12.80 s, max 20.00 s\n"
                                "1 order: mean 8.00 s, max 8.00 s\n"
                                "1 order: mean 14.00 s, max 14.00 s\n"
                                "no order was served\n");
}

/* ---- the resource table ----------------------------------------------- */

static void test_table_ten_at_once(void **state)
{
    kitchen k;

    (void)state;
    run_kitchen(&k, &kitchen_tutorial, TEN, 0);
    assert_true(k.books[RES_COOKS].busy == 40 && k.books[RES_COOKS].waited == 48);
    assert_true(k.books[RES_FRYER].busy == 16 && k.books[RES_FRYER].waited == 104);
    assert_true(k.books[RES_SODA].busy == 20 && k.books[RES_SODA].waited == 90);
    report_resources(&k);
    assert_string_equal(said(),
        "resource      units    busy   clients waited   uses\n"
        "cooks             3  66.7 %          48.00 s     10\n"
        "fryer             1  80.0 %         104.00 s     10\n"
        "soda machine      1 100.0 %          90.00 s     10\n"
        "Clients waited longest for the fryer (104.00 s in all): "
        "that is the bottleneck.\n");
    kitchen_free(&k);
}

/* With the 6x7 fryer (test_kitchen.c), waits for the fryer drop to 84 s:
 * B..F wait 7 s, G 7 s (it fries next), H I J 14 s. The soda machine,
 * still 90 s, becomes the one to upgrade next. */
static void test_bottleneck_moves_after_fryer_upgrade(void **state)
{
    kitchen_config cfg = kitchen_tutorial;
    kitchen k;

    (void)state;
    cfg.fryer_portions = 6;
    cfg.fryer_time = 7;
    run_kitchen(&k, &cfg, TEN, 0);
    report_resources(&k);
    assert_non_null(strstr(said(),
        "fryer             1  70.0 %          84.00 s     10\n"
        "soda machine      1 100.0 %          90.00 s     10\n"
        "Clients waited longest for the soda machine (90.00 s in all): "
        "that is the bottleneck.\n"));
    kitchen_free(&k);
}

/* Two soda machines, each held 6 s, for clients every second: the sodas
 * are now what everyone waits for, and the line says "machines". */
static void test_bottleneck_names_machines_in_plural(void **state)
{
    kitchen_config cfg = kitchen_tutorial;
    kitchen k;

    (void)state;
    cfg.soda_machines = 2;
    cfg.soda_time = 6;
    run_kitchen(&k, &cfg, TEN, 1);
    report_resources(&k);
    assert_non_null(strstr(said(), "Clients waited longest for the soda "
                                   "machines ("));
    kitchen_free(&k);
}

/* Synchronous, one client: the server row appears (busy all 14 s), and
 * nobody waited for anything. */
static void test_table_sync_one_client(void **state)
{
    kitchen_config cfg = kitchen_tutorial;
    kitchen k;

    (void)state;
    cfg.sync = true;
    run_kitchen(&k, &cfg, "A", 0);
    report_resources(&k);
    assert_string_equal(said(),
        "resource      units    busy   clients waited   uses\n"
        "cooks             3   9.5 %           0.00 s      1\n"
        "fryer             1  57.1 %           0.00 s      1\n"
        "soda machine      1  14.3 %           0.00 s      1\n"
        "server            1 100.0 %           0.00 s      1\n"
        "Nobody waited for anything: no bottleneck in this run.\n");
    kitchen_free(&k);
}

/* ---- the ASCII timeline ----------------------------------------------- */

#define TIMELINE_TITLE(scale) \
    "Timeline, 1 column = " scale " s (read at its middle). Machine rows: " \
    "the client served, '.' = idle.\n"
#define TIMELINE_LEGEND \
    "Client rows, what the order waits on: b f s = waiting for a cook, " \
    "the fryer, the soda machine; B F S = being made"

/* A's order waits on its fries (fried 0-8, "F"); B C D on fries from A's
 * batch (waiting, "f"); E on its soda (waiting 0-8, made 8-10); F on its
 * own batch (waits 0-8, fried 8-16); G H on F's batch; I J on the soda. */
static void test_timeline_ten_at_once(void **state)
{
    kitchen k;

    (void)state;
    run_kitchen(&k, &kitchen_tutorial, TEN, 0);
    report_timeline(&k);
    assert_string_equal(said(), TIMELINE_TITLE("1")
        "seconds       0         10        20\n"
        "              |----+----|----+----|\n"
        "cook 1        AAAADDDDGGGGJJJJ....\n"
        "cook 2        BBBBEEEEHHHH........\n"
        "cook 3        CCCCFFFFIIII........\n"
        "fryer         AAAAAAAAFFFFFFFF....\n"
        "soda machine  AABBCCDDEEFFGGHHIIJJ\n"
        "A             FFFFFFFF\n"
        "B             ffffffff\n"
        "C             ffffffff\n"
        "D             ffffffff\n"
        "E             ssssssssSS\n"
        "F             ffffffffFFFFFFFF\n"
        "G             ffffffffffffffff\n"
        "H             ffffffffffffffff\n"
        "I             ssssssssssssssssSS\n"
        "J             ssssssssssssssssssSS\n"
        TIMELINE_LEGEND ".\n");
    kitchen_free(&k);
}

/* Synchronously, the client's row shows each job in turn, and '-' while
 * B waits for the server (0-14). */
static void test_timeline_sync(void **state)
{
    kitchen_config cfg = kitchen_tutorial;
    kitchen k;

    (void)state;
    cfg.sync = true;
    run_kitchen(&k, &cfg, "AB", 0);
    report_timeline(&k);
    assert_string_equal(said(), TIMELINE_TITLE("1")
        "seconds       0         10        20\n"
        "              |----+----|----+----|\n"
        "cook 1        AAAA..........BBBB..\n"
        "cook 2        ....................\n"
        "cook 3        ....................\n"
        "fryer         ....AAAAAAAA........\n"
        "soda machine  ............AA....BB\n"
        "server        AAAAAAAAAAAAAABBBBBB\n"
        "A             BBBBFFFFFFFFSS\n"
        "B             --------------BBBBSS\n"
        TIMELINE_LEGEND "; - = waiting for the server.\n");
    kitchen_free(&k);
}

/* A long run gets a coarser scale: A at 0, B at 150 (fries from A's
 * stock, burger until 154): 154 s is more than 100 columns of 1 s, so
 * 2 s a column, 77 columns. */
static void test_timeline_scale(void **state)
{
    char cells[80];
    kitchen k;

    (void)state;
    run_kitchen(&k, &kitchen_tutorial, "AB", 150);
    assert_true(k.last_ready == 154);
    report_timeline(&k);
    memset(cells, '.', 77);
    memcpy(cells, "AA", 2);                     /* A's burger, 0-4 */
    memcpy(cells + 75, "BB", 2);                /* B's, 150-154 */
    cells[77] = '\0';
    assert_non_null(strstr(said(), TIMELINE_TITLE("2")));
    assert_non_null(strstr(said(), "\n              |----+----|"));
    assert_non_null(strstr(said(), "\ncook 1        "));
    assert_non_null(strstr(said(), cells));
    kitchen_free(&k);
}

static void test_timeline_needs_history(void **state)
{
    kitchen k;
    loop l;

    (void)state;
    loop_init(&l);
    kitchen_init(&k, &l, &kitchen_tutorial, "A", 1, 0, false, false);
    report_timeline(&k);
    assert_string_equal(said(), "(no timeline: no history was kept)\n");
    kitchen_free(&k);
}

/* ---- the SVG picture -------------------------------------------------- */

#define MAX_DEPTH 16

/* The name of the element whose tag starts at p ("<rect ..." -> 4). */
static size_t tag_name_length(const char *p)
{
    return strcspn(p, " \t\n/>");
}

/* Is the '&' at p the start of one of XML's own five entities? */
static bool is_entity(const char *p)
{
    static const char *const entities[] = {
        "&amp;", "&lt;", "&gt;", "&quot;", "&apos;",
    };

    for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++)
        if (strncmp(p, entities[i], strlen(entities[i])) == 0)
            return true;
    return false;
}

/* A small check of XML well-formedness, enough for what report_svg()
 * writes: a declaration, then one root element; tags nest and match;
 * attribute quotes pair up; '&' only starts an entity; no '<' in text.
 * Returns NULL if the document passes, else what is wrong with it. */
static const char *xml_problem(const char *doc)
{
    const char *open[MAX_DEPTH], *p = doc;
    size_t depth = 0, roots = 0;

    if (strncmp(p, "<?xml ", 6) != 0 || (p = strstr(p, "?>")) == NULL)
        return "no XML declaration";
    for (p += 2; *p != '\0'; p++) {
        const char *end;
        size_t quotes = 0;

        if (*p == '&' && !is_entity(p))
            return "a bare '&'";
        if (*p != '<')
            continue;
        if ((end = strchr(p, '>')) == NULL || memchr(p + 1, '<', (size_t)(end - p - 1)))
            return "a tag that does not end";
        for (const char *q = p; q < end; q++)
            quotes += *q == '"';
        if (quotes % 2 != 0)
            return "unbalanced quotes";
        if (p[1] == '/') {
            if (depth == 0 || tag_name_length(p + 2) != tag_name_length(open[depth - 1]) ||
                strncmp(p + 2, open[depth - 1], tag_name_length(p + 2)) != 0)
                return "a closing tag that does not match";
            depth--;
        } else if (end[-1] != '/') {
            if (depth == MAX_DEPTH)
                return "too deep";
            roots += depth == 0;
            open[depth++] = p + 1;
        }
        p = end;
    }
    return depth != 0 ? "an element left open" : roots != 1 ? "not one root" : NULL;
}

/* How many times `needle` occurs in `text`. */
static int count(const char *text, const char *needle)
{
    int n = 0;

    for (const char *p = text; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

/* Write k's picture into memory; the caller frees the text. */
static char *svg_of(const kitchen *k)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);

    assert_non_null(f);
    assert_int_equal(report_svg(k, f), 0);
    fclose(f);
    return text;
}

/* The checker must itself catch what it is for. */
static void test_xml_checker_catches_mistakes(void **state)
{
    (void)state;
    assert_null(xml_problem("<?xml version=\"1.0\"?>\n<svg><g/><text>a &amp; b</text></svg>\n"));
    assert_non_null(xml_problem("<svg></svg>"));
    assert_non_null(xml_problem("<?xml ?><svg><text>a & b</text></svg>"));
    assert_non_null(xml_problem("<?xml ?><svg><text>a < b</text></svg>"));
    assert_non_null(xml_problem("<?xml ?><svg><text></svg></text>"));
    assert_non_null(xml_problem("<?xml ?><svg><rect x=\"1/></svg>"));
    assert_non_null(xml_problem("<?xml ?><svg>"));
    assert_non_null(xml_problem("<?xml ?><svg/><svg/>"));
}

/* Rectangles: the white background, one per usage that lasted (cooks 10,
 * fryer 2, soda 10), one per stretch of a client's row (A B C D G H one,
 * E F I J two: waiting, then being made): 1 + 22 + 14 = 37. */
static void test_svg_ten_at_once(void **state)
{
    kitchen k;
    char *svg;

    (void)state;
    run_kitchen(&k, &kitchen_tutorial, TEN, 0);
    svg = svg_of(&k);
    assert_int_equal(strncmp(svg, "<?xml", 5), 0);
    assert_non_null(strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_non_null(strstr(svg, "viewBox=\"0 0 "));
    assert_non_null(strstr(svg, "</svg>\n"));
    assert_null(xml_problem(svg));
    assert_int_equal(count(svg, "<rect "), 37);
    assert_non_null(strstr(svg, "10 orders, mean 12.80 s, max 20.00 s"));
    assert_non_null(strstr(svg, ">soda machine</text>"));
    assert_non_null(strstr(svg, ">20</text>"));        /* the axis' end */
    free(svg);
    kitchen_free(&k);
}

/* Names are text in the picture: '&', '<' and '>' must be escaped. */
static void test_svg_escapes_names(void **state)
{
    kitchen k;
    char *svg;

    (void)state;
    run_kitchen(&k, &kitchen_tutorial, "&<>", 0);
    svg = svg_of(&k);
    assert_null(xml_problem(svg));
    assert_non_null(strstr(svg, ">&amp;</text>"));
    assert_non_null(strstr(svg, ">&lt;</text>"));
    assert_non_null(strstr(svg, ">&gt;</text>"));
    free(svg);
    kitchen_free(&k);
}

/* A full disk: the writes fail, and report_svg says so. */
static void test_svg_reports_write_errors(void **state)
{
    FILE *full = fopen("/dev/full", "w");
    kitchen k;

    (void)state;
    if (full == NULL)
        skip();                     /* not Linux: no /dev/full */
    run_kitchen(&k, &kitchen_tutorial, TEN, 0);
    errno = 0;
    assert_int_equal(report_svg(&k, full), -1);
    assert_int_equal(errno, ENOSPC);
    fclose(full);
    kitchen_free(&k);
}

static void test_svg_needs_history(void **state)
{
    kitchen k;
    loop l;

    (void)state;
    loop_init(&l);
    kitchen_init(&k, &l, &kitchen_tutorial, "A", 1, 0, false, false);
    assert_int_equal(report_svg(&k, capture_out), -1);
    assert_int_equal(errno, EINVAL);
    kitchen_free(&k);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, capture_setup, \
                                                   capture_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_summary_lines),
        TEST(test_table_ten_at_once),
        TEST(test_bottleneck_moves_after_fryer_upgrade),
        TEST(test_bottleneck_names_machines_in_plural),
        TEST(test_table_sync_one_client),
        TEST(test_timeline_ten_at_once),
        TEST(test_timeline_sync),
        TEST(test_timeline_scale),
        TEST(test_timeline_needs_history),
        TEST(test_xml_checker_catches_mistakes),
        TEST(test_svg_ten_at_once),
        TEST(test_svg_escapes_names),
        TEST(test_svg_reports_write_errors),
        TEST(test_svg_needs_history),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
