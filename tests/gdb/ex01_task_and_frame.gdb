# tests/gdb/ex01_task_and_frame.gdb - the gdb session in
# ex01_event_loop/README.md: a task and its frame in one allocation, the
# resume point at each of tic_tac's three stops, and what the step function
# returns. tests/ex01/gdb_sessions.sh runs it and checks that the README
# shows exactly these commands, and that gdb prints what it claims.
#
# readme: ex01_event_loop/README.md
# step: ex01_event_loop
# expect: resume = TIC_TAC_START
# expect: status = TASK_RUNNING
# expect: $3 = 24
# expect: = CORO_YIELD
# expect: = TIC_TAC_AFTER_TIC
# expect: = TIC_TAC_AFTER_TAC
# expect: = CORO_DONE
# expect: "Boum!"
break tic_tac_step
run
next
print *self
print *t
print (char *)self - (char *)t
finish
continue
next
print self->resume
continue
next
print self->resume
finish
print t->result
