#!/bin/sh
# Stop the test lab started by tests/lab/start.sh STATEDIR.
# Usage: sh tests/lab/stop.sh STATEDIR
#
# Stops that lab's Postfix, Dovecot and Exim (SIGTERM to the master process
# named in each one's pid file, as "postfix stop" does for Postfix), waits
# for all their processes to end (about 1 s: Dovecot's master takes that
# long) and kills any that are left after 10 s. Only processes of this STATEDIR are
# touched (tests/lab/labctl.py procs tells which), and no file outside it.
# Safe to run twice, or on a lab that did not start completely. Leaves
# STATEDIR in place. Exit status 1 if a process of the lab survives.
set -u

here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3

[ $# -eq 1 ] || { echo "usage: sh tests/lab/stop.sh STATEDIR" >&2; exit 2; }
[ -d "$1" ] || exit 0
S=$(cd "$1" && pwd -P)

procs() { "$py" "$here/labctl.py" procs "$S"; }
# The pid in a pid file, if that process is one of the lab's.
ours() {
	[ -f "$1" ] || return 1
	pid=$(head -n 1 "$1" | tr -dc 0-9)
	[ -n "$pid" ] && procs | grep -qx "$pid" && echo "$pid"
}

[ -n "$(procs)" ] || exit 0

# SIGTERM to Postfix's master is what "postfix -c DIR stop" sends, less its
# one-second sleep before it looks again; the master ends its children.
for f in "$S/postfix/queue/pid/master.pid" "$S/dovecot/run/master.pid" "$S/exim/daemon.pid"; do
	pid=$(ours "$f") && kill -TERM "$pid" 2>/dev/null
done

i=0
while left=$(procs) && [ -n "$left" ]; do
	i=$((i + 1))
	if [ $i -eq 100 ]; then
		# shellcheck disable=SC2086
		kill -KILL $left 2>/dev/null
	elif [ $i -gt 120 ]; then
		echo "lab stop: processes still running: $(echo "$left" | tr "\n" " ")" >&2
		exit 1
	fi
	sleep 0.1
done
exit 0
