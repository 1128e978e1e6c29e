# Sourced by the integration tests after tests/cli/lib.sh: lab_up starts
# the lab in a fresh state directory under $work (made here, mode 0755 so
# the servers' users reach it) and sources its lab.env; on exit the lab is
# stopped and $work removed, after $lab_cleanup (a command) if the test set
# one. Without root the test is skipped (77): the servers bind ports and
# switch users.
lab=$(cd "$(dirname "$0")/../lab" && pwd)

lab_down() {
	[ -z "${lab_cleanup:-}" ] || eval "$lab_cleanup"
	sh "$lab/stop.sh" "$state" >/dev/null 2>&1
	rm -rf "$work"
}

lab_up() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "skipped: the lab needs root (CI runs as root)"
		exit 77
	fi
	work=$(mktemp -d)
	chmod 755 "$work"
	: "${LAB_CACHE:=${TMPDIR:-/tmp}/smtpdbg-lab-cache}"
	export LAB_CACHE
	state=$work/lab
	mkdir "$state"
	trap lab_down EXIT
	if ! sh "$lab/start.sh" "$state" >"$work/start.log" 2>&1; then
		cat "$work/start.log"
		echo "0 passed, 1 failed"
		exit 1
	fi
	. "$state/lab.env"
}
