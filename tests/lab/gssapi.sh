#!/bin/sh
# A Kerberos corner of the lab, started only by the tests that need it: an
# MIT KDC for the realm LAB.TEST on 127.0.0.1, and a Postfix submission
# service whose Dovecot does GSSAPI with the key of smtp/mail.lab.test. It
# is a pair of its own, so the shared lab's AUTH lists stay as they are.
# Usage: sh tests/lab/gssapi.sh start|stop STATEDIR
#
# STATEDIR is an empty directory the caller made (mktemp -d). start writes
# STATEDIR/gss.env (source it): KRB5_CONFIG for the client, the ports, the
# principals, their password and keytab, the Maildir. Ports: LAB_PORT_BASE
# + 13 (the KDC, UDP and TCP) and + 14 (submission, STARTTLS offered, AUTH
# also without TLS). The client asks for smtp@mail.lab.test with
# --gss-host mail.lab.test and connects to 127.0.0.1: no /etc/hosts entry
# is needed, since krb5.conf neither canonicalises nor reverse-resolves.
# Needs root and the packages of `sh tests/deps.sh lab`.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
die() { echo "gssapi lab: $*" >&2; exit 1; }

[ $# -eq 2 ] || { echo "usage: sh tests/lab/gssapi.sh start|stop STATEDIR" >&2; exit 2; }
[ -d "$2" ] || die "$2: no such directory"
S=$(cd "$2" && pwd -P)
K=$S/krb5

if [ "$1" = stop ]; then
	if [ -f "$K/kdc.pid" ]; then
		pid=$(tr -dc 0-9 <"$K/kdc.pid")
		[ -n "$pid" ] && grep -q krb5kdc "/proc/$pid/cmdline" 2>/dev/null && kill -TERM "$pid"
	fi
	exec sh "$here/stop.sh" "$S"
fi
[ "$1" = start ] || die "start or stop, not $1"
[ "$(id -u)" -eq 0 ] || die "must run as root"
case $S in *[!A-Za-z0-9/._-]*) die "$S: use a path of letters, digits and / . _ - only" ;; esac
[ -z "$(ls -A "$S")" ] || die "$S is not empty"
for cmd in /usr/sbin/krb5kdc /usr/sbin/kdb5_util /usr/sbin/kadmin.local /usr/bin/kinit \
	/usr/lib/dovecot/modules/auth/libmech_gssapi.so /usr/sbin/postfix /usr/sbin/dovecot; do
	[ -e "$cmd" ] || die "$cmd is missing: run sh tests/deps.sh lab"
done

base=${LAB_PORT_BASE:-10025}
case $base in '' | *[!0-9]*) die "LAB_PORT_BASE=$base: not a port number" ;; esac
KDC_PORT=$((base + 13))
GSS_PORT=$((base + 14))
REALM=LAB.TEST
SERVICE_HOST=mail.lab.test
USER_PRINC=tester@$REALM
ROBOT_PRINC=robot@$REALM
KPASS=lab-Kerberos-3141
NOBODY=65534
"$py" "$here/labctl.py" free "$KDC_PORT" "$GSS_PORT" || die "ports taken"

started=
cleanup() {
	rc=$?
	if [ $rc -ne 0 ] && [ -n "$started" ]; then sh "$here/gssapi.sh" stop "$S" >&2 || true; fi
	exit $rc
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
chmod 0755 "$S"

# --- the KDC ---------------------------------------------------------------
mkdir -p "$K"
cat >"$K/krb5.conf" <<EOF
[libdefaults]
	default_realm = $REALM
	dns_lookup_kdc = false
	dns_lookup_realm = false
	dns_canonicalize_hostname = false
	rdns = false
	ignore_acceptor_hostname = true
	clockskew = 300
[realms]
	$REALM = {
		kdc = 127.0.0.1:$KDC_PORT
	}
[domain_realm]
	.lab.test = $REALM
	lab.test = $REALM
EOF
cat >"$K/kdc.conf" <<EOF
[kdcdefaults]
	kdc_listen = 127.0.0.1:$KDC_PORT
	kdc_tcp_listen = 127.0.0.1:$KDC_PORT
[realms]
	$REALM = {
		database_name = $K/principal
		key_stash_file = $K/stash
		acl_file = $K/kadm5.acl
		max_life = 10h
		max_renewable_life = 1d
		supported_enctypes = aes256-cts-hmac-sha1-96:normal
	}
[logging]
	kdc = FILE:$K/kdc.log
EOF
: >"$K/kadm5.acl"
chmod 0644 "$K/krb5.conf" "$K/kdc.conf"
export KRB5_CONFIG="$K/krb5.conf" KRB5_KDC_PROFILE="$K/kdc.conf"
kdb5_util create -s -r "$REALM" -P "lab-master-$(od -An -N8 -tx1 /dev/urandom | tr -d ' ')" \
	>"$K/create.out" 2>&1 || die "kdb5_util create: $(cat "$K/create.out")"
ka() { kadmin.local -r "$REALM" -q "$1" >>"$K/kadmin.out" 2>&1 || die "kadmin.local $1: $(tail -n 5 "$K/kadmin.out")"; }
ka "addprinc -pw $KPASS $USER_PRINC"
ka "addprinc -randkey $ROBOT_PRINC"
ka "addprinc -randkey smtp/$SERVICE_HOST@$REALM"
ka "addprinc -randkey imap/$SERVICE_HOST@$REALM"
ka "ktadd -k $K/smtp.keytab smtp/$SERVICE_HOST@$REALM"
ka "ktadd -k $K/robot.keytab $ROBOT_PRINC"
chown dovecot "$K/smtp.keytab"
chmod 0600 "$K/smtp.keytab" "$K/robot.keytab"
started=yes
/usr/sbin/krb5kdc -P "$K/kdc.pid" || die "krb5kdc did not start: $(tail -n 5 "$K/kdc.log" 2>/dev/null)"

# --- Postfix submission with Dovecot's GSSAPI ------------------------------
T=$S/tls
mkdir -p "$T"
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	-keyout "$T/server.key" -out "$T/server.pem" -days 30 \
	-subj "/O=smtpdbg test lab/CN=$SERVICE_HOST" \
	-addext "subjectAltName=DNS:$SERVICE_HOST,IP:127.0.0.1" 2>/dev/null ||
	die "could not make the certificate"
M=$S/mail
MAILDIR=$M/lab.test/tester
mkdir -p "$MAILDIR/new" "$MAILDIR/cur" "$MAILDIR/tmp"
chown -R "$NOBODY:$NOBODY" "$M"
P=$S/postfix
mkdir -p "$P/etc" "$P/queue" "$P/data"
chown postfix "$P/data"
cat >"$P/etc/main.cf" <<EOF
compatibility_level = 3.6
config_directory = $P/etc
queue_directory = $P/queue
data_directory = $P/data
maillog_file = $P/maillog
maillog_file_prefixes = $S
myhostname = $SERVICE_HOST
mydomain = lab.test
myorigin = \$mydomain
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
relayhost =
alias_maps =
alias_database =
biff = no
smtpd_banner = \$myhostname ESMTP Postfix (smtpdbg Kerberos lab)
smtp_dns_support_level = disabled
smtp_host_lookup = native
smtpd_peername_lookup = no
virtual_mailbox_domains = lab.test
virtual_mailbox_base = $M
virtual_mailbox_maps = static:lab.test/tester/
virtual_uid_maps = static:$NOBODY
virtual_gid_maps = static:$NOBODY
default_transport = discard
relay_transport = discard
local_transport = error:no local delivery in the lab
smtpd_error_sleep_time = 0
smtpd_tls_chain_files = $T/server.key, $T/server.pem
smtpd_tls_security_level = may
smtp_tls_security_level = none
smtpd_sasl_type = dovecot
smtpd_sasl_path = private/auth
smtpd_sasl_auth_enable = yes
smtpd_tls_auth_only = no
smtpd_relay_restrictions = permit_sasl_authenticated, reject
EOF
cat >"$P/etc/master.cf" <<EOF
127.0.0.1:$GSS_PORT inet n - n - - smtpd
  -o syslog_name=postfix/gssapi
$(grep -v '^#' "$here/postfix-services.cf")
EOF
touch -d '1 minute ago' "$P/etc/main.cf" "$P/etc/master.cf"
if ! script -qec "postfix -c $P/etc check" /dev/null >"$P/check.out" 2>&1; then
	cat "$P/check.out" >&2
	die "postfix check failed"
fi

D=$S/dovecot
mkdir -p "$D/run" "$D/state"
# GSSAPI proves the principal; the passdb says who may log in and which
# principals stand for whom (k5principals). tester also has a password, so
# PLAIN on the same service compares with GSSAPI (bench/gssapi.sh).
printf '%s:{PLAIN}%s::::::k5principals=%s\n' tester "$KPASS" "$USER_PRINC" >"$D/passwd"
printf '%s:{CRYPT}*::::::k5principals=%s\n' robot "$ROBOT_PRINC" >>"$D/passwd"
chown root:dovecot "$D/passwd"
chmod 0640 "$D/passwd"
cat >"$D/dovecot.conf" <<EOF
protocols =
base_dir = $D/run
state_dir = $D/state
log_path = $D/dovecot.log
ssl = no
disable_plaintext_auth = no
import_environment = KRB5_CONFIG=$K/krb5.conf TZ
auth_mechanisms = gssapi plain
auth_gssapi_hostname = $SERVICE_HOST
auth_krb5_keytab = $K/smtp.keytab
auth_username_format = %Ln
auth_verbose = yes
auth_debug = yes
auth_failure_delay = 0
passdb {
  driver = passwd-file
  args = $D/passwd
}
userdb {
  driver = static
  args = uid=$NOBODY gid=$NOBODY home=$M
}
service auth {
  unix_listener $P/queue/private/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
EOF
/usr/sbin/dovecot -c "$D/dovecot.conf" </dev/null >"$D/daemon.out" 2>&1 ||
	die "dovecot did not start: $(tail -n 20 "$D/daemon.out" "$D/dovecot.log" 2>/dev/null)"
i=0
while [ ! -S "$P/queue/private/auth" ]; do
	i=$((i + 1))
	[ $i -le 100 ] || die "Dovecot's auth socket did not appear: $(tail -n 20 "$D/dovecot.log" 2>/dev/null)"
	sleep 0.1
done
postfix -c "$P/etc" start >"$P/start.out" 2>&1 || die "postfix did not start: $(cat "$P/start.out")"
if ! bad=$("$py" "$here/labctl.py" greet 20 "$T/server.pem" \
	"gssapi:$GSS_PORT:plain:$P/queue/pid/master.pid"); then
	die "no greeting: $bad"
fi
cat >"$S/gss.env" <<EOF
KRB5_CONFIG=$K/krb5.conf
GSS_REALM=$REALM
GSS_KDC_PORT=$KDC_PORT
GSS_PORT=$GSS_PORT
GSS_HOST=$SERVICE_HOST
GSS_USER=$USER_PRINC
GSS_PASSWORD=$KPASS
GSS_ROBOT=$ROBOT_PRINC
GSS_ROBOT_KEYTAB=$K/robot.keytab
GSS_CAFILE=$T/server.pem
GSS_MAILDIR=$MAILDIR
GSS_DOVECOT_LOG=$D/dovecot.log
GSS_KDC_LOG=$K/kdc.log
EOF
