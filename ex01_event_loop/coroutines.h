/* coroutines.h - ex01_event_loop: the tutorial's two generators.
 *
 *   def tic_tac():              def spam():
 *       print("Tic"); yield         print("Spam"); yield
 *       print("Tac"); yield         print("Eggs"); yield
 *       return "Boum!"              print("Bacon"); yield
 *                                   return "SPAM!"
 *
 * Each function makes a new frame, as calling a generator function in Python
 * makes a new generator: nothing runs until it is stepped. The caller owns
 * the frame (task_new() wraps it in its task).
 */
#ifndef COROUTINES_H
#define COROUTINES_H

#include "coro.h"

coro *tic_tac(void);
coro *spam(void);

#endif
