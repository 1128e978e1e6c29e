# Certificates for the TLS tests, made with openssl in directory $1:
#   ca.pem               the root the client trusts (--cafile)
#   int.pem              an intermediate under it
#   good.pem/.key        leaf for mail.example.org, EC P-256, SHA-256, by int
#   good-chain.pem       good.pem + int.pem
#   expired-chain.pem    a leaf whose validity ended in 2020, + int.pem (.key)
#   sha1-chain.pem       a leaf signed with SHA-1, + int.pem (.key)
#   weak-chain.pem       a leaf with a 1024-bit RSA key, + int.pem (.key)
#   long-chain.pem       good.pem and 49 more certificates (good.key)
# Sourced by the test scripts: mkcerts DIR.
mkcerts() {
	(
	set -e
	cd "$1"
	q() { "$@" >/dev/null 2>&1; }
	printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=keyCertSign,cRLSign\n' >ca.ext
	printf 'subjectAltName=DNS:mail.example.org\nbasicConstraints=CA:FALSE\n' >leaf.ext
	q openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 \
		-subj /CN=Test-Root -addext basicConstraints=critical,CA:TRUE \
		-addext keyUsage=keyCertSign,cRLSign
	q openssl req -newkey rsa:2048 -nodes -keyout int.key -out int.csr -subj /CN=Test-Intermediate
	q openssl x509 -req -in int.csr -CA ca.pem -CAkey ca.key -set_serial 2 -out int.pem \
		-days 30 -extfile ca.ext
	leaf() { # leaf NAME KEYALG-OPTS... (signed by int with $md)
		name=$1; shift
		q openssl req -newkey "$@" -nodes -keyout "$name.key" -out "$name.csr" \
			-subj /CN=mail.example.org
		q openssl x509 -req -in "$name.csr" -CA int.pem -CAkey int.key -set_serial "$serial" \
			-out "$name.pem" -days 20 -extfile leaf.ext "-$md"
		cat "$name.pem" int.pem >"$name-chain.pem"
	}
	md=sha256 serial=10; leaf good ec -pkeyopt ec_paramgen_curve:P-256
	md=sha1 serial=11; leaf sha1 ec -pkeyopt ec_paramgen_curve:P-256
	md=sha256 serial=12; leaf weak rsa:1024
	# Expired: openssl ca takes explicit dates.
	mkdir -p ca.d && : >ca.d/index && echo 13 >ca.d/serial
	cat >ca.cnf <<-CNF
	[ca]
	default_ca = d
	[d]
	database = ca.d/index
	serial = ca.d/serial
	new_certs_dir = ca.d
	default_md = sha256
	policy = p
	copy_extensions = none
	[p]
	commonName = supplied
	[x]
	subjectAltName = DNS:mail.example.org
	CNF
	q openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout expired.key \
		-out expired.csr -subj /CN=mail.example.org
	q openssl ca -batch -config ca.cnf -cert int.pem -keyfile int.key -in expired.csr \
		-out expired.pem -startdate 20190101000000Z -enddate 20200101000000Z -extensions x \
		-notext
	cat expired.pem int.pem >expired-chain.pem
	# 50 certificates: the leaf, then 49 copies of CAs of their own.
	cp good.pem long-chain.pem
	i=0
	while [ $i -lt 49 ]; do
		q openssl req -x509 -key int.key -out x$i.pem -days 30 -subj "/CN=Filler $i"
		cat x$i.pem >>long-chain.pem
		i=$((i + 1))
	done
	)
}
