#!/bin/sh
# Start the test lab: real mail servers on 127.0.0.1, for integration tests.
# Usage: sh tests/lab/start.sh STATEDIR
#
# STATEDIR is an empty directory the caller made (for example with
# mktemp -d). Everything the lab writes goes under it: a CA and a server
# certificate made now, the Postfix, Dovecot and Exim configurations, their
# queues, logs, pid files and the Maildirs that mail is delivered to. When
# the servers all answer with 220, STATEDIR/lab.env says where everything
# is (ports, user, password, CA file, Maildirs): source it. Stop the lab with
# sh tests/lab/stop.sh STATEDIR.
#
# Needs root and the packages of `sh tests/deps.sh lab`. Exim is not a
# package here (it conflicts with postfix): tests/lab/exim-fetch.sh unpacks
# it into the cache directory $LAB_CACHE (default: smtpdbg-lab-cache next to
# STATEDIR), downloading it the first time.
# Ports: $LAB_PORT_BASE (default 10025) and the seven above it, and base+12
# (base+8 to base+11 are test_path.sh's, base+13 and +14 gssapi.sh's); see
# README.md.
# The servers run as other users: STATEDIR is made mode 0755, and the
# directories above it must let every user through (those of /tmp do).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3

die() { echo "lab start: $*" >&2; exit 1; }

[ $# -eq 1 ] || { echo "usage: sh tests/lab/start.sh STATEDIR" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || die "must run as root (the servers bind ports and switch users)"
[ -d "$1" ] || die "$1: no such directory"
S=$(cd "$1" && pwd -P)
case $S in *[!A-Za-z0-9/._-]*) die "$S: use a path of letters, digits and / . _ - only" ;; esac
[ -z "$(ls -A "$S")" ] || die "$S is not empty: give the lab a fresh directory (mktemp -d)"

for cmd in /usr/sbin/postfix /usr/sbin/dovecot /usr/lib/dovecot/lmtp /usr/bin/openssl $py; do
	[ -x "$cmd" ] || die "$cmd is missing: run sh tests/deps.sh lab"
done

base=${LAB_PORT_BASE:-10025}
case $base in '' | *[!0-9]*) die "LAB_PORT_BASE=$base: not a port number" ;; esac
if [ "$base" -lt 1024 ] || [ "$base" -gt 65520 ]; then die "LAB_PORT_BASE=$base: use 1024 to 65520"; fi
MX_PORT=$base
SUBMISSION_PORT=$((base + 1))
SMTPS_PORT=$((base + 2))
LEGACY_PORT=$((base + 3))
OPENRELAY_PORT=$((base + 4))
EXIM_PORT=$((base + 5))
XCLIENT_PORT=$((base + 6))
HAPROXY_PORT=$((base + 7))
LMTP_PORT=$((base + 12))

DOMAIN=lab.test
USER_NAME=tester@lab.test
UTF8_USER=jürgen@lab.test
PASSWORD=lab-Secret-2718
HOSTNAME_TLS=localhost
NOBODY=65534

# If anything below fails, stop what was started already.
started=
cleanup() {
	rc=$?
	if [ $rc -ne 0 ] && [ -n "$started" ]; then
		sh "$here/stop.sh" "$S" >&2 || true
	fi
	exit $rc
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

"$py" "$here/labctl.py" free "$MX_PORT" "$SUBMISSION_PORT" "$SMTPS_PORT" \
	"$LEGACY_PORT" "$OPENRELAY_PORT" "$EXIM_PORT" "$XCLIENT_PORT" "$HAPROXY_PORT" "$LMTP_PORT" || die "ports taken"

# --- Exim binary (unpacked once into the cache) --------------------------
cache=${LAB_CACHE:-$(dirname "$S")/smtpdbg-lab-cache}
mkdir -p "$cache"
# We run the binary from there as root: refuse a cache that others could
# have written to.
[ "$(stat -c %u "$cache")" -eq 0 ] || die "$cache is not owned by root"
case $(stat -c %A "$cache") in ?????w???? | ????????w?) die "$cache is writable by others" ;; esac
exim_dir=$cache/exim
(
	flock 9
	sh "$here/exim-fetch.sh" "$exim_dir" "$cache/debs"
) 9>"$cache/lock" || die "could not unpack Exim into $exim_dir (see above)"
EXIM=$exim_dir/usr/sbin/exim4

# The servers drop root and must reach their files: STATEDIR must be
# searchable by other users (mktemp -d makes it 0700).
chmod 0755 "$S"
runuser -u nobody -- test -x "$S" ||
	die "$S is not reachable by other users (a parent directory is private); use a directory under /tmp"

# --- TLS: a CA and a certificate for localhost / 127.0.0.1 / ::1 ---------
T=$S/tls
mkdir -p "$T"
(
	cd "$T"
	openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout ca.key -out ca.pem -days 30 -subj "/O=smtpdbg test lab/CN=smtpdbg lab CA" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout server.key -out server.csr -subj "/O=smtpdbg test lab/CN=$HOSTNAME_TLS" 2>/dev/null
	cat >server.ext <<EOF
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:$HOSTNAME_TLS,IP:127.0.0.1,IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
	openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -set_serial "0x$(openssl rand -hex 8)" \
		-days 30 -extfile server.ext -out server.pem 2>/dev/null
	rm -f server.csr server.ext
	# Exim reads the key after it has switched to its own user.
	chown root:Debian-exim server.key
	chmod 0640 server.key
	chmod 0600 ca.key
) || die "could not make the certificates with openssl"

# --- Maildirs ------------------------------------------------------------
M=$S/mail
PF_MAIL=$M/postfix/$DOMAIN/tester
PF_UTF8=$M/postfix/$DOMAIN/juergen
PF_RELAYED=$M/postfix/relayed
EX_MAIL=$M/exim/tester
EX_RELAYED=$M/exim/relayed
DV_MAIL=$M/dovecot/tester
DV_FULL=$M/dovecot/full
for d in "$PF_MAIL" "$PF_UTF8" "$PF_RELAYED" "$EX_MAIL" "$EX_RELAYED" "$DV_MAIL" "$DV_FULL"; do
	mkdir -p "$d/new" "$d/cur" "$d/tmp"
done
chown -R "$NOBODY:$NOBODY" "$M/postfix" "$M/dovecot"
chown -R Debian-exim:Debian-exim "$M/exim"
chmod 0755 "$M"

# --- Postfix -------------------------------------------------------------
P=$S/postfix
mkdir -p "$P/etc" "$P/queue" "$P/data"
chown postfix "$P/data"
cat >"$P/etc/main.cf" <<EOF
# Postfix of the smtpdbg test lab: loopback only, nothing leaves the machine.
compatibility_level = 3.6
config_directory = $P/etc
queue_directory = $P/queue
data_directory = $P/data
maillog_file = $P/maillog
maillog_file_prefixes = $S
myhostname = postfix.$DOMAIN
mydomain = $DOMAIN
myorigin = \$mydomain
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.1/32
relayhost =
alias_maps =
alias_database =
biff = no
append_dot_mydomain = no
smtpd_banner = \$myhostname ESMTP Postfix (smtpdbg lab)
# No DNS, no name lookups, and every transport delivers into a Maildir.
smtp_dns_support_level = disabled
smtp_host_lookup = native
smtpd_peername_lookup = no
virtual_mailbox_domains = $DOMAIN
virtual_mailbox_base = $M/postfix
virtual_mailbox_maps = texthash:$P/etc/vmailbox
virtual_uid_maps = static:$NOBODY
virtual_gid_maps = static:$NOBODY
default_transport = relayed
relay_transport = relayed
local_transport = error:no local delivery in the lab
message_size_limit = 209715200
mailbox_size_limit = 0
virtual_mailbox_limit = 0
# A UTF-8 local part ($UTF8_USER) arrives with SMTPUTF8 (RFC 6531).
smtputf8_enable = yes
# Rejections answer at once (tests make many on purpose).
smtpd_error_sleep_time = 0
# TLS with the lab certificate; STARTTLS offered everywhere unless a port says otherwise.
smtpd_tls_chain_files = $T/server.key, $T/server.pem
smtpd_tls_security_level = may
smtpd_tls_loglevel = 1
smtpd_tls_received_header = yes
smtp_tls_security_level = none
# SASL through Dovecot; switched on per port in master.cf.
smtpd_sasl_type = dovecot
smtpd_sasl_path = private/auth
smtpd_sasl_auth_enable = no
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
lab_submission_relay = permit_sasl_authenticated, reject
lab_open_relay = check_client_access static:OK, reject_unauth_destination
EOF
cat >"$P/etc/vmailbox" <<EOF
$USER_NAME $DOMAIN/tester/
postmaster@$DOMAIN $DOMAIN/tester/
$UTF8_USER $DOMAIN/juergen/
EOF
cat >"$P/etc/master.cf" <<EOF
# service type private unpriv chroot wakeup maxproc command + args
# MX-style: no AUTH, STARTTLS offered, mail only for $DOMAIN.
127.0.0.1:$MX_PORT inet n - n - - smtpd
  -o syslog_name=postfix/mx
  -o smtpd_relay_restrictions=reject_unauth_destination
# Submission: STARTTLS required, AUTH only after it, relaying only when authenticated.
127.0.0.1:$SUBMISSION_PORT inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_tls_auth_only=yes
  -o smtpd_relay_restrictions=\$lab_submission_relay
# Implicit TLS (465-style), AUTH allowed.
127.0.0.1:$SMTPS_PORT inet n - n - - smtpd
  -o syslog_name=postfix/smtps
  -o smtpd_tls_wrappermode=yes
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_relay_restrictions=\$lab_submission_relay
# Legacy: AUTH offered without TLS, with the old "AUTH=" line too.
127.0.0.1:$LEGACY_PORT inet n - n - - smtpd
  -o syslog_name=postfix/legacy
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_tls_auth_only=no
  -o broken_sasl_auth_clients=yes
# A deliberate open relay (relayed mail lands in the "relayed" Maildir).
127.0.0.1:$OPENRELAY_PORT inet n - n - - smtpd
  -o syslog_name=postfix/openrelay
  -o smtpd_relay_restrictions=\$lab_open_relay
# XCLIENT for 127.0.0.1 (as for a content filter or a proxy in front of Postfix).
127.0.0.1:$XCLIENT_PORT inet n - n - - smtpd
  -o syslog_name=postfix/xclient
  -o smtpd_authorized_xclient_hosts=127.0.0.1
  -o smtpd_relay_restrictions=reject_unauth_destination
# Behind a load balancer: each connection starts with a PROXY protocol
# header (v1 or v2), whose client address Postfix logs and uses.
127.0.0.1:$HAPROXY_PORT inet n - n - - smtpd
  -o syslog_name=postfix/haproxy
  -o smtpd_upstream_proxy_protocol=haproxy
  -o smtpd_upstream_proxy_timeout=5s
  -o smtpd_relay_restrictions=reject_unauth_destination
$(grep -v '^#' "$here/postfix-services.cf")
# Mail for any other domain: into a Maildir of its own, never out.
relayed   unix  -       n       n       -       -       virtual
  -o virtual_mailbox_maps=static:relayed/
EOF
# Postfix waits (300 ms at a time) until its configuration files are older
# than the current second or so: date them a minute back.
touch -d '1 minute ago' "$P/etc/main.cf" "$P/etc/master.cf" "$P/etc/vmailbox"
# "postfix check" creates the queue directories; it prints its errors only
# to a terminal, hence script(1).
if ! script -qec "postfix -c $P/etc check" /dev/null >"$P/check.out" 2>&1; then
	cat "$P/check.out" >&2
	die "postfix check failed"
fi

# --- Dovecot (SASL for Postfix, and LMTP) --------------------------------
D=$S/dovecot
mkdir -p "$D/run" "$D/state"
printf '%s:{PLAIN}%s::::::\n' "$USER_NAME" "$PASSWORD" >"$D/passwd"
# A second LMTP recipient whose mailbox is full: LMTP accepts it at RCPT
# and refuses the message for it after the data (552 5.2.2). No password
# matches its hash "*": it cannot log in.
printf 'full@%s:{CRYPT}*::::::userdb_quota_rule=*:storage=10B\n' "$DOMAIN" >>"$D/passwd"
chown root:dovecot "$D/passwd"
chmod 0640 "$D/passwd"
cat >"$D/dovecot.conf" <<EOF
# Dovecot of the smtpdbg test lab: SASL for Postfix, and LMTP delivering
# into one Maildir; no IMAP/POP3.
protocols = lmtp
base_dir = $D/run
state_dir = $D/state
log_path = $D/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login cram-md5 digest-md5 scram-sha-1 scram-sha-256
auth_verbose = yes
# Wrong passwords answer at once (tests make many on purpose).
auth_failure_delay = 0
passdb {
  driver = passwd-file
  args = $D/passwd
}
# The same file: a user exists only if it is listed, LMTP refuses any
# other recipient at RCPT (550 5.1.1).
userdb {
  driver = passwd-file
  args = $D/passwd
  default_fields = uid=$NOBODY gid=$NOBODY home=$M/dovecot/%n
}
mail_location = maildir:~
mail_plugins = quota
plugin {
  quota = maildir:User quota
}
# LMTP on a unix socket (its usual home) and on TCP.
service lmtp {
  unix_listener lmtp {
    mode = 0666
  }
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LMTP_PORT
  }
}
service auth {
  unix_listener $P/queue/private/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
# No growing delay after repeated failures from one address.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
EOF

# --- Exim ----------------------------------------------------------------
E=$S/exim
mkdir -p "$E/spool" "$E/log"
chown Debian-exim:Debian-exim "$E/spool" "$E/log"
chmod 0750 "$E/spool" "$E/log"
cat >"$E/exim.conf" <<EOF
# Exim of the smtpdbg test lab: loopback only, no DNS, delivers to Maildirs.
primary_hostname = exim.$DOMAIN
qualify_domain = $DOMAIN
exim_path = $EXIM
spool_directory = $E/spool
log_file_path = $E/log/%slog
pid_file_path = $E/exim.pid
local_interfaces = <; 127.0.0.1
daemon_smtp_ports = $EXIM_PORT
# A port in use ends the daemon at once (instead of ten retries 30 s apart).
daemon_startup_retries = 0
domainlist local_domains = $DOMAIN
smtp_banner = \$smtp_active_hostname ESMTP Exim \$version_number (smtpdbg lab) \$tod_full
host_lookup =
rfc1413_hosts =
helo_lookup_domains =
keep_environment =
never_users = root
# Delivery processes run as the Exim user throughout: Exim regains root
# only for a configuration listed in its compiled-in trusted_configs file,
# and the lab's is not.
deliver_drop_privilege = true
message_size_limit = 200M
tls_advertise_hosts = *
tls_certificate = $T/server.pem
tls_privatekey = $T/server.key
acl_smtp_rcpt = acl_check_rcpt
# PRDR (asked for with PRDR on MAIL FROM): after the data, a reply per
# recipient; postmaster refuses the message, so both answers can be seen.
prdr_enable = true
acl_smtp_data_prdr = acl_check_prdr

begin acl
acl_check_prdr:
  deny   local_parts = postmaster
         message = postmaster takes no PRDR test mail
  accept
acl_check_rcpt:
  accept domains = +local_domains
         verify = recipient
  accept authenticated = *
  deny   message = relay not permitted

begin routers
local_user:
  driver = accept
  domains = +local_domains
  local_parts = tester : postmaster
  transport = local_maildir
  cannot_route_message = Unknown user
relayed:
  driver = accept
  domains = ! +local_domains
  transport = relayed_maildir

begin transports
local_maildir:
  driver = appendfile
  directory = $EX_MAIL
  maildir_format
  delivery_date_add
  envelope_to_add
  return_path_add
  user = Debian-exim
  group = Debian-exim
relayed_maildir:
  driver = appendfile
  directory = $EX_RELAYED
  maildir_format
  delivery_date_add
  envelope_to_add
  return_path_add
  user = Debian-exim
  group = Debian-exim

begin authenticators
plain:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = \${if and {{eq{\$auth2}{$USER_NAME}}{eq{\$auth3}{$PASSWORD}}}}
  server_set_id = \$auth2
  server_advertise_condition = \${if def:tls_in_cipher}
login:
  driver = plaintext
  public_name = LOGIN
  server_prompts = Username:: : Password::
  server_condition = \${if and {{eq{\$auth1}{$USER_NAME}}{eq{\$auth2}{$PASSWORD}}}}
  server_set_id = \$auth1
  server_advertise_condition = \${if def:tls_in_cipher}
cram:
  driver = cram_md5
  public_name = CRAM-MD5
  server_secret = \${if eq{\$auth1}{$USER_NAME}{$PASSWORD}fail}
  server_set_id = \$auth1
# NTLM (the "spa" driver): Exim checks a 24-byte NTLMv1 response only, so
# an NTLMv2 client is refused here, which is worth seeing too.
ntlm:
  driver = spa
  public_name = NTLM
  server_password = \${if eq{\$auth1}{$USER_NAME}{$PASSWORD}fail}
  server_set_id = \$auth1
EOF
chmod 0644 "$E/exim.conf"
if ! "$EXIM" -C "$E/exim.conf" -bV >"$E/check.out" 2>&1; then
	cat "$E/check.out" >&2
	die "Exim rejects its configuration"
fi

# --- Start ---------------------------------------------------------------
started=yes
# Every daemon gets its standard streams from files: one that kept the
# caller's would keep a pipe reading start.sh's output open until it ends.
/usr/sbin/dovecot -c "$D/dovecot.conf" </dev/null >"$D/daemon.out" 2>&1 ||
	die "dovecot did not start: $(tail -n 20 "$D/daemon.out" "$D/dovecot.log" 2>/dev/null)"
i=0
while [ ! -S "$P/queue/private/auth" ]; do
	i=$((i + 1))
	[ $i -le 100 ] || die "Dovecot's auth socket did not appear: $(tail -n 20 "$D/dovecot.log" 2>/dev/null)"
	sleep 0.1
done
if ! script -qec "postfix -c $P/etc start" /dev/null </dev/null >"$P/start.out" 2>&1; then
	cat "$P/start.out" >&2
	die "postfix did not start: $(tail -n 20 "$P/maillog" 2>/dev/null)"
fi
# In the foreground (-bdf) of a session of its own, so that its pid is known
# at once: a daemon that gives up shows at once.
setsid "$EXIM" -C "$E/exim.conf" -bdf -oP "$E/exim.pid" </dev/null >"$E/daemon.out" 2>&1 &
echo $! >"$E/daemon.pid"

pf=$P/queue/pid/master.pid
ex=$E/daemon.pid
if ! bad=$("$py" "$here/labctl.py" greet 20 "$T/ca.pem" \
	"postfix-mx:$MX_PORT:plain:$pf" "postfix-submission:$SUBMISSION_PORT:plain:$pf" \
	"postfix-smtps:$SMTPS_PORT:tls:$pf" "postfix-legacy:$LEGACY_PORT:plain:$pf" \
	"postfix-openrelay:$OPENRELAY_PORT:plain:$pf" "exim:$EXIM_PORT:plain:$ex" \
	"postfix-xclient:$XCLIENT_PORT:plain:$pf" \
	"dovecot-lmtp:$LMTP_PORT:plain:$D/run/master.pid"); then
	case $bad in
	*postfix*)
		echo "--- end of the Postfix log ($P/maillog):" >&2
		tail -n 15 "$P/maillog" >&2 2>/dev/null || true
		echo "--- end of the Dovecot log ($D/dovecot.log):" >&2
		tail -n 5 "$D/dovecot.log" >&2 2>/dev/null || true
		;;
	esac
	case $bad in
	*dovecot*)
		echo "--- end of the Dovecot log ($D/dovecot.log):" >&2
		tail -n 15 "$D/dovecot.log" >&2 2>/dev/null || true
		;;
	esac
	case $bad in
	*exim*)
		echo "--- end of the Exim logs ($E/log):" >&2
		tail -n 15 "$E/daemon.out" "$E/log/paniclog" "$E/log/mainlog" >&2 2>/dev/null || true
		;;
	esac
	die "not every server answered: $(echo "$bad" | tr "\n" " ")"
fi

cat >"$S/lab.env.tmp" <<EOF
# The smtpdbg test lab started by tests/lab/start.sh: source this file.
# Stop the lab with: sh tests/lab/stop.sh $S
# All servers listen on 127.0.0.1 only (not ::1; "localhost" may resolve to
# ::1 first). Certificates: $T/server.pem, for $HOSTNAME_TLS, 127.0.0.1 and ::1,
# signed by LAB_CAFILE.
export LAB_STATEDIR='$S'
export LAB_HOST='127.0.0.1'
export LAB_HOSTNAME='$HOSTNAME_TLS'
export LAB_CAFILE='$T/ca.pem'
export LAB_DOMAIN='$DOMAIN'
export LAB_USER='$USER_NAME'
export LAB_PASSWORD='$PASSWORD'
# Postfix + Dovecot SASL (PLAIN LOGIN CRAM-MD5 DIGEST-MD5 SCRAM-SHA-1 SCRAM-SHA-256)
export LAB_MX_PORT=$MX_PORT                  # no AUTH; STARTTLS offered; relaying refused (554 5.7.1)
export LAB_SUBMISSION_PORT=$SUBMISSION_PORT  # STARTTLS required, then AUTH; relays when authenticated
export LAB_SMTPS_PORT=$SMTPS_PORT            # implicit TLS, AUTH
export LAB_LEGACY_PORT=$LEGACY_PORT          # AUTH without TLS, plus the old "250-AUTH=" line
export LAB_OPENRELAY_PORT=$OPENRELAY_PORT    # a deliberate open relay, no AUTH
# Exim: STARTTLS; AUTH CRAM-MD5 and NTLM (NTLMv1 only: its spa driver) always, PLAIN and LOGIN only after STARTTLS;
# relaying refused unless authenticated (550 relay not permitted)
export LAB_EXIM_PORT=$EXIM_PORT
export LAB_XCLIENT_PORT=$XCLIENT_PORT          # Postfix: XCLIENT allowed for 127.0.0.1
export LAB_HAPROXY_PORT=$HAPROXY_PORT          # Postfix: a PROXY protocol header first (haproxy)
# Dovecot LMTP (RFC 2033): $USER_NAME is delivered to LAB_MAILDIR_DOVECOT;
# any other recipient is refused at RCPT (550 5.1.1 User doesn't exist).
export LAB_LMTP_PORT=$LMTP_PORT
export LAB_LMTP_SOCKET='$D/run/lmtp'
# Delivered mail. Each directory is a Maildir: a delivered message appears as
# one new file in DIR/new/ (written in DIR/tmp/ first, then renamed), a
# moment after the server's 250 (delivery is asynchronous: poll).
# Mail to $USER_NAME or postmaster@$DOMAIN:
export LAB_MAILDIR_POSTFIX='$PF_MAIL'
export LAB_MAILDIR_EXIM='$EX_MAIL'
export LAB_MAILDIR_DOVECOT='$DV_MAIL'
# Postfix: mail to the UTF-8 address LAB_UTF8_USER (SMTPUTF8 only):
export LAB_UTF8_USER='$UTF8_USER'
export LAB_MAILDIR_POSTFIX_UTF8='$PF_UTF8'
# Mail to any other domain (it never leaves the machine):
export LAB_MAILDIR_POSTFIX_RELAYED='$PF_RELAYED'
export LAB_MAILDIR_EXIM_RELAYED='$EX_RELAYED'
# Logs
export LAB_POSTFIX_LOG='$P/maillog'
export LAB_DOVECOT_LOG='$D/dovecot.log'
export LAB_EXIM_LOG='$E/log/mainlog'
EOF
mv "$S/lab.env.tmp" "$S/lab.env"
