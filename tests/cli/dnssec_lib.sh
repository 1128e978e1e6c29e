# Sourced by the tests that need a real AD bit: zones signed with
# ldns-signzone, served by a validating unbound whose trust anchors are
# their keys. In the test's own directory $work (which the caller removes):
#   dnssec_tools || exit 77       the tools are there (else a SKIP line)
#   dnssec_sign ZONE              sign $work/ZONE.zone into ZONE.zone.signed
#   dnssec_start ZONE...          unbound on 127.0.0.1:$dnssec_port with
#                                 those zones; $dnssec_pid; waits until it
#                                 answers (the first ZONE's MX)
# Stop it with: kill "$dnssec_pid".

dnssec_tools() {
	PATH=$PATH:/usr/sbin
	for _tool in unbound ldns-keygen ldns-signzone; do
		if ! command -v $_tool >/dev/null 2>&1; then
			echo "SKIP: $_tool is not installed (sh tests/deps.sh test)"
			return 1
		fi
	done
}

dnssec_sign() {
	(
		cd "$work" || exit 1
		_ksk=$(ldns-keygen -a ECDSAP256SHA256 -k "$1") &&
			_zsk=$(ldns-keygen -a ECDSAP256SHA256 "$1") &&
			ldns-signzone -n "$1.zone" "$_zsk" "$_ksk" &&
			cat "$_ksk.key" >>anchors
	) || { echo "FAIL: could not sign $1"; exit 1; }
}

dnssec_start() {
	dnssec_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	cat >"$work/unbound.conf" <<CONF
server:
  interface: 127.0.0.1
  port: $dnssec_port
  do-daemonize: no
  username: ""
  chroot: ""
  directory: "$work"
  pidfile: ""
  use-syslog: no
  logfile: "$work/unbound.log"
  module-config: "validator iterator"
  trust-anchor-file: "$work/anchors"
  do-not-query-localhost: no
  access-control: 127.0.0.0/8 allow
CONF
	for _zone in "$@"; do
		cat >>"$work/unbound.conf" <<CONF
auth-zone:
  name: "$_zone"
  zonefile: "$work/$_zone.zone.signed"
  for-upstream: yes
  for-downstream: no
  fallback-enabled: no
CONF
	done
	unbound -c "$work/unbound.conf" &
	dnssec_pid=$!
	_i=0
	# Up when the first zone's MX comes back (a name it lacks may still
	# fail validation: ldns-signzone's NSEC3 chain misses empty
	# non-terminals such as _tcp.mx).
	until "$SMTPDBG" dns --resolver "127.0.0.1:$dnssec_port" --timeout 2 "$1" >"$work/probe.out" 2>&1 ||
		grep -q "^  $1  [0-9]" "$work/probe.out"; do
		_i=$((_i + 1))
		[ $_i -lt 100 ] || { echo "FAIL: unbound did not start, or dns fails"; cat "$work/unbound.log" "$work/probe.out"; exit 1; }
		sleep 0.1
	done
}
