# The set-up shared by the --mx tests (run, relay-test, proxy, the
# interactive mode): a DNS server (dnsmasq) on loopback whose zone points
# MX hosts at loopback addresses, and the embedded server behind them.
# Source after tests/cli/lib.sh (or with $SMTPDBG and $mx_here, this
# directory, set) with $work set and $pids collecting the processes to
# stop; mx_lab_start [SERVE-OPTIONS] then sets:
#   $port   the one port every MX host is reached on (the target's port
#           applies to each MX host): a silent listener on 127.0.0.2, the
#           embedded server on 127.0.0.3, nothing on 127.0.0.4 (refused)
#   $dport  the DNS server's port on 127.0.0.1
# Zone: mx.test (10 mx1 silent, 20 mx2 the server), refuse.test (10 a
# refusing host, 20 mx2), eq.test (two at 10), null.test (null MX),
# implicit.test (no MX, an address), nowhere.test (MX hosts with no
# address); nx.test does not exist. Skips (77) without dnsmasq.
mx_here=${mx_here:-$(dirname "$0")/../cli}

mx_lab_start() {
	command -v dnsmasq >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
	if ! command -v dnsmasq >/dev/null 2>&1; then
		echo "SKIP: dnsmasq is not installed (sh tests/deps.sh test)"
		exit 77
	fi
	python3 "$mx_here/silent_listener.py" 127.0.0.2 "$work/silent.port" &
	pids="$pids $!"
	_i=0
	while [ ! -s "$work/silent.port" ] && [ $_i -lt 100 ]; do _i=$((_i + 1)); sleep 0.1; done
	port=$(cat "$work/silent.port")
	"$SMTPDBG" serve --listen "127.0.0.3:$port" "$@" >"$work/serve.log" 2>&1 &
	pids="$pids $!"
	dport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	dnsmasq -k --conf-file=/dev/null --port="$dport" --listen-address=127.0.0.1 \
		--bind-interfaces --no-resolv --no-hosts --pid-file= --local=/test/ \
		--mx-host=mx.test,mx1.mx.test,10 --mx-host=mx.test,mx2.mx.test,20 \
		--host-record=mx1.mx.test,127.0.0.2 --host-record=mx2.mx.test,127.0.0.3 \
		--mx-host=refuse.test,refused.mx.test,10 --mx-host=refuse.test,mx2.mx.test,20 \
		--host-record=refused.mx.test,127.0.0.4 \
		--mx-host=eq.test,mx2.mx.test,10 --mx-host=eq.test,mx1.mx.test,10 \
		--dns-rr=null.test,15,000000 --host-record=implicit.test,127.0.0.3 \
		--mx-host=nowhere.test,a.nowhere.test,10 --mx-host=nowhere.test,b.nowhere.test,20 \
		>"$work/dnsmasq.log" 2>&1 &
	pids="$pids $!"
	_i=0
	until "$SMTPDBG" dns --resolver "127.0.0.1:$dport" --timeout 1 null.test >"$work/probe.out" 2>&1 &&
		grep -q "127.0.0.3:$port" "$work/serve.log"; do
		_i=$((_i + 1))
		[ $_i -lt 100 ] || {
			echo "FAIL: dnsmasq or serve did not start, or dns fails"
			cat "$work"/*.log "$work/probe.out"
			exit 1
		}
		sleep 0.1
	done
}
