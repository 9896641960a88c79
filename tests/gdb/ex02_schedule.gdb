# tests/gdb/ex02_schedule.gdb - the gdb session in ex02_subtasks/README.md:
# the first SCHEDULE request, seen from the loop, and the loop's answer (a
# watchpoint stops where the loop clears the request). (Not `watch -l`:
# gdb 13 cannot parse the cast it writes for an anonymous enum's type.)
# tests/ex01/gdb_sessions.sh runs it and checks that the README shows
# exactly these commands, and that gdb prints what it claims.
#
# readme: ex02_subtasks/README.md
# step: ex02_subtasks
# expect: request = REQUEST_SCHEDULE, count = 1
# expect: "example"
# expect: "subtask"
# expect: Old value = REQUEST_SCHEDULE
# expect: New value = REQUEST_NONE
# expect: = true
break loop_answer if t->mailbox.request == REQUEST_SCHEDULE
run
print t->mailbox
print t->frame->type->name
print t->mailbox.tasks[0]->frame->type->name
watch t->mailbox.request
continue
print t->mailbox.tasks[0]->scheduled
