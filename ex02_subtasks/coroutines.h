/* coroutines.h - ex02_subtasks: a task that launches another.
 *
 *   def subtask(rounds):            def example(mode, rounds):
 *       print("Task 'subtask'")         print("Task 'example'")
 *       for _ in range(rounds):         print("Launching task 'subtask'")
 *           print("(subtask)")          sequential: yield from subtask(rounds)
 *           yield                       else: task = yield from ensure_future(
 *                                                         subtask(rounds))
 *                                       print("Back in 'example'")
 *                                       for _ in range(3):
 *                                           print("(example)")
 *                                           yield
 *                                       cancel: task.cancel(); yield
 *
 * Each function makes a new frame, as calling a generator function in Python
 * makes a new generator: nothing runs until it is stepped. The caller owns
 * the frame (task_new() takes it over).
 */
#ifndef COROUTINES_H
#define COROUTINES_H

#include "coro.h"

typedef enum {
    EXAMPLE_YIELD_FROM,         /* run subtask inside example, to its end */
    EXAMPLE_ENSURE_FUTURE,      /* launch subtask as a task of its own */
    EXAMPLE_CANCEL              /* launch it, then cancel it after 3 rounds */
} example_mode;

coro *subtask(int rounds);
coro *example(example_mode mode, int subtask_rounds);

#endif
