# tests/gdb/ex04_clock.gdb - the gdb session in ex04_fastfood/README.md:
# the virtual clock jumps from deadline to deadline (soda 2 s, burger 4 s,
# fries 8 s). tests/ex01/gdb_sessions.sh runs it and checks that the README
# shows exactly these commands, and that gdb prints what it claims.
#
# readme: ex04_fastfood/README.md
# step: ex04_fastfood
# expect: deadline = 2
# expect: "soda"
# expect: New value = 2
# expect: New value = 4
# expect: New value = 8
tbreak loop_let_time_pass
run --virtual
print l->timers.timers[0]
print l->timers.timers[0].task->frame->type->name
watch -l l->now
continue
continue
continue
