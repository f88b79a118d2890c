#!/bin/bash
# With the K8s timestamps shown (t), the text after them starts at the
# same column on every line, although kubelet trims the fraction's
# trailing zeros (…:05.12345678Z next to …:05.123456789Z): the fraction
# is shown padded to nine digits.
. "$(dirname "$0")/common.sh"
fake_start --seed demo --big-log-lines 300
vdk_config demo starshot
job=biglog-export
vdktop_start 120 30
open_logs $job
wait_for "row 000000299 ok"
ex=$(fake_http GET "/data-jobs/for-team/starshot/jobs/$job/executions" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
server_log $job "$ex" "$T/server.log"
# The lines on screen (the last ones) include trimmed fractions, or the
# test would prove nothing.
tail -n 20 "$T/server.log" | grep -qE '^[0-9T:-]{19}(\.[0-9]{1,8})?Z ' ||
	fail "the last lines of the log have no trimmed fraction: $(tail -n 3 "$T/server.log")"
send t
wait_for "K8s timestamps shown"
wait_for "Z 20"
s=$(screen | grep -E 'row [0-9]{9} ok')
[ "$(wc -l <<<"$s")" -ge 20 ] || fail "fewer than 20 log lines on screen: $s"
# Every timestamp has nine fraction digits and the text starts at one column.
bad=$(grep -vE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{9}Z 20' <<<"$s" | head -n 3)
[ -z "$bad" ] || fail "a timestamp not padded to nine digits: $bad"
cols=$(awk '{ print index($0, "[VDK]") }' <<<"$s" | sort -u)
[ "$(wc -l <<<"$cols")" = 1 ] || fail "the text starts at different columns ($(echo $cols)): $s"
# Hidden again, VDK's own timestamp leads each line.
send t
wait_for "K8s timestamps hidden"
screen | grep -E 'row [0-9]{9} ok' | grep -qvE '^20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9:]{8},' &&
	fail "a line still starts with the K8s timestamp: $(screen | grep -E 'row [0-9]{9} ok' | head -n 2)"
pass
