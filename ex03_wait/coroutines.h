/* coroutines.h - ex03_wait: a main task that waits for three others.
 *
 *   def repeat(msg, times):             def main_task(tasks):
 *       print(f"launching task '{msg}'")    print(f"Launching {len(tasks)}"
 *       for _ in range(times):                    " tasks in parallel")
 *           print(msg)                      ok, errors = yield from wait(tasks)
 *           yield                           print("Back to the main function:"
 *                                                 f" {ok} OK, {errors} errors")
 *
 * failing_repeat is repeat, then a failure: the ERROR path, which the
 * tutorial does not show.
 *
 * Each function makes a new frame, as calling a generator function in Python
 * makes a new generator: nothing runs until it is stepped. The caller owns
 * the frame (task_new() takes it over).
 */
#ifndef COROUTINES_H
#define COROUTINES_H

#include <stddef.h>

#include "coro.h"
#include "task.h"

#define MAIN_TASK_MAX 8         /* tasks one main_task can wait for */

/* Print msg `times` times, one per turn; `msg` must outlive the frame. */
coro *repeat(const char *msg, int times);

/* The same, then fail with "the <msg> burnt". */
coro *failing_repeat(const char *msg, int times);

/* Wait for tasks[0..ntasks-1] and report. Takes over the caller's
 * reference to each task. ntasks <= MAIN_TASK_MAX. */
coro *main_task(task **tasks, size_t ntasks);

#endif
