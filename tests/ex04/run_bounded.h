/* run_bounded.h - for the ex04 tests: run a loop, but never hang a test.
 *
 * loop_run_until_empty(), with a bound on the turns: a broken loop (a task
 * that polls, so that virtual time never passes) fails the test instead of
 * hanging it. `static inline`, like capture.h, so -Werror stays quiet in a
 * test program that does not use it.
 */
#ifndef RUN_BOUNDED_H
#define RUN_BOUNDED_H

#include "loop.h"

#define MAX_TURNS 100000        /* far more than any run here needs */

/* Returns 0 (empty), -1 (the loop failed) or 1 (still going: gave up). */
static inline int run_bounded(loop *l)
{
    int ran = 1;

    for (long turn = 0; turn < MAX_TURNS && ran > 0; turn++)
        ran = loop_run_once(l);
    return ran;
}

#endif
