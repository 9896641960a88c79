# tests/gdb/ex03_yield_from.gdb - the gdb session in ex03_wait/README.md:
# `yield from` is a plain C call, so wait() runs inside main_task, inside
# the one task that the loop steps. tests/ex01/gdb_sessions.sh runs it and
# checks that the README shows exactly these commands, and that gdb prints
# what it claims.
#
# readme: ex03_wait/README.md
# step: ex03_wait
# expect: #0  all_done
# expect: in wait_step
# expect: in coro_step
# expect: in main_task_step
# expect: in coro_step
# expect: in task_step
# expect: = WAIT_POLLING
# expect: = MAIN_TASK_WAITING
break all_done
run
backtrace
print self->resume
up 3
print self->resume
