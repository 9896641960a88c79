# tests/gdb/ex01_tic_tac.gdb - the gdb session in README.md, "Debugging a
# step": a coroutine's resume point at its first two stops, and the calls
# that lead to it. tests/ex01/gdb_sessions.sh runs it and checks that the
# README shows exactly these commands, and that gdb prints what it claims.
#
# readme: README.md
# step: ex01_event_loop
# expect: resume = TIC_TAC_START
# expect: $2 = TIC_TAC_AFTER_TIC
# expect: #0  tic_tac_step
# expect: in coro_step
# expect: in task_step
# expect: in one_task_stepped_by_hand
# expect: in main
break tic_tac_step
run
next
print *self
continue
next
print self->resume
backtrace
