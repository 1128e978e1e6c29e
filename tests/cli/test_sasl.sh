# smtpdbg sasl: responses for SCRAM, DIGEST-MD5, CRAM-MD5, PLAIN, LOGIN,
# OAUTHBEARER, XOAUTH2 and EXTERNAL,
# secrets kept out of the output, and the error paths.
. "$(dirname "$0")/lib.sh"

CHAL=PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+
export P=tanstaaftanstaaf SEED=IchbinkeinSpammer T=1234

# the response line of each step: "C: <base64>"
responses() {
	"$@" 2>/dev/null | sed -n 's/^C: //p'
}

# CRAM-MD5, RFC 2195's example
expect_out 'dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw' \
	"$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge "$CHAL"
expect_line 'dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw' \
	responses "$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge "$CHAL"
expect_status 0 "$SMTPDBG" sasl CRAM-MD5 --user tim --password-env P --challenge "$CHAL"
expect_out 'S: 334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+' \
	"$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge "$CHAL"
expect_out '   challenge: <1896.697170952@postoffice.reston.mci.net>' \
	"$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge "$CHAL"
expect_out '= b913a602c7eda7a495b4e6e7334d3890' \
	"$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge "$CHAL"
expect_no_out tanstaaf "$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge "$CHAL"
# the HMAC step by step, the key only with --show-secrets
expect_out '     inner = MD5((K XOR ipad) || challenge) = 328f9bd73494a1c04a60bc24213a8e36' \
	"$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge "$CHAL"
expect_out '     key K = the password: ********' \
	"$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge "$CHAL"
expect_out 'revealed (--show-secrets): key K = the password: "tanstaaftanstaaf" = 74 61 6e' \
	"$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge "$CHAL" --show-secrets
# curl test 905
expect_line 'dXNlciA3MDMxNzI1NTk5ZmRiYjVkNDEyNjg5YWEzMjNlM2UwYg==' \
	responses env S=secret "$SMTPDBG" sasl cram-md5 -u user --password-env S \
	-c PDE5NzIuOTg3NjU0MzIxQGN1cmw+
# every line is protocol ("S: ", "C: ") or indented explanation
checks=$((checks + 1))
stray=$("$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge "$CHAL" |
	grep -v -e '^S: ' -e '^C: ' -e '^   ')
if [ -n "$stray" ]; then
	echo "FAIL: stray output lines: $stray"
	failures=$((failures + 1))
fi

# PLAIN: initial response, or the answer to an empty 334
expect_line 'AHRpbQB0YW5zdGFhZnRhbnN0YWFm' responses "$SMTPDBG" sasl plain --user tim --password-env P
expect_line 'AHRpbQB0YW5zdGFhZnRhbnN0YWFm' \
	responses "$SMTPDBG" sasl plain --user tim --password-env P --challenge ''
expect_line 'dGVzdAB0ZXN0ADEyMzQ=' \
	responses "$SMTPDBG" sasl PLAIN --user test --authzid test --password-env T
expect_no_out tanstaaf "$SMTPDBG" sasl plain --user tim --password-env P
expect_out '\x00tim\x00********' "$SMTPDBG" sasl plain --user tim --password-env P
expect_out 'decoded response (--show-secrets): \x00tim\x00tanstaaftanstaaf' \
	"$SMTPDBG" sasl plain --user tim --password-env P --show-secrets

# LOGIN: the seed's lesson, with the usual prompts by default
expect_line 'TWF4IE11c3Rlcm1hbm4=
SWNoYmlua2VpblNwYW1tZXI=' responses "$SMTPDBG" sasl login --user 'Max Mustermann' --password-env SEED
expect_line 'TWF4IE11c3Rlcm1hbm4=
SWNoYmlua2VpblNwYW1tZXI=' responses "$SMTPDBG" sasl login --user 'Max Mustermann' \
	--password-env SEED -c dXNlcm5hbWU6 -c cGFzc3dvcmQ6
expect_out 'prompt: Username:' "$SMTPDBG" sasl login --user 'Max Mustermann' --password-env SEED
expect_no_out "$SEED" "$SMTPDBG" sasl login --user 'Max Mustermann' --password-env SEED
expect_status 2 "$SMTPDBG" sasl login --user tim --password-env P -c VXNlcm5hbWU6 \
	-c UGFzc3dvcmQ6 -c UGFzc3dvcmQ6
expect_out 'C: *' "$SMTPDBG" sasl login --user tim --password-env P -c VXNlcm5hbWU6 \
	-c UGFzc3dvcmQ6 -c UGFzc3dvcmQ6

# SCRAM-SHA-1, RFC 5802 section 5 (pinned client nonce); the empty answer to
# the server's v= is the last "C: " line, which $(...) drops
export PENCIL=pencil
S1_FIRST=cj1meWtvK2QybGJiRmdPTlJ2OXFreGRhd0wzcmZjTkhZSlkxWlZ2V1ZzN2oscz1RU1hDUitRNnNlazhiZjkyLGk9NDA5Ng==
S1_FINAL=dj1ybUY5cHFWOFM3c3VBb1pXamE0ZEpSa0ZzS1E9
scram1() {
	"$SMTPDBG" sasl scram-sha-1 --user user --password-env PENCIL \
		--nonce fyko+d2lbbFgONRv9qkxdawL "$@"
}
expect_line 'biwsbj11c2VyLHI9ZnlrbytkMmxiYkZnT05Sdjlxa3hkYXdM
Yz1iaXdzLHI9ZnlrbytkMmxiYkZnT05Sdjlxa3hkYXdMM3JmY05IWUpZMVpWdldWczdqLHA9djBYOHYzQnoyVDBDSkdiSlF5RjBYK0hJNFRzPQ==' responses scram1 -c "$S1_FIRST" -c "$S1_FINAL"
expect_out 'client-final message: c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=' \
	scram1 -c "$S1_FIRST"
expect_out 'StoredKey = H(ClientKey) = e9d94660c39d65c38fbad91c358f14da0eef2bd6' scram1 -c "$S1_FIRST"
expect_no_out 1d96ee3a529b5a5f9e47c01f229a2cb8a6e15f7d scram1 -c "$S1_FIRST"
expect_no_out pencil scram1 -c "$S1_FIRST" -c "$S1_FINAL"
expect_out 'server signature verified' scram1 -c "$S1_FIRST" -c "$S1_FINAL"
expect_status 0 scram1 -c "$S1_FIRST" -c "$S1_FINAL"
expect_out 'has not proved itself yet' scram1 -c "$S1_FIRST"
expect_line 'biwsbj11c2VyLHI9ZnlrbytkMmxiYkZnT05Sdjlxa3hkYXdM' responses scram1
# a wrong server signature (v=AAF9...), and an iteration count that is too high
expect_status 2 scram1 -c "$S1_FIRST" -c dj1BQUY5cHFWOFM3c3VBb1pXamE0ZEpSa0ZzS1E9
expect_out 'server signature (v=) is wrong' scram1 -c "$S1_FIRST" \
	-c dj1BQUY5cHFWOFM3c3VBb1pXamE0ZEpSa0ZzS1E9
expect_out 'C: *' scram1 -c "$S1_FIRST" -c dj1BQUY5cHFWOFM3c3VBb1pXamE0ZEpSa0ZzS1E9
big_i=$(printf 'r=fyko+d2lbbFgONRv9qkxdawLx,s=QSXCR+Q6sek8bf92,i=2000000' | "$SMTPDBG" b64 encode)
expect_status 2 scram1 -c "$big_i"
expect_out 'iteration count' scram1 -c "$big_i"

# SCRAM-SHA-256, RFC 7677 section 3
expect_line 'biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=
Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==' responses "$SMTPDBG" sasl scram-sha-256 --user user --password-env PENCIL \
	--nonce rOprNGfwEbeRWgbNEkqO \
	--challenge cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY= \
	--challenge dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==
expect_out 'server signature verified' "$SMTPDBG" sasl scram-sha-256 --user user \
	--password-env PENCIL --nonce rOprNGfwEbeRWgbNEkqO \
	--challenge cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY= \
	--challenge dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==
# -PLUS needs a live TLS connection
expect_status 2 "$SMTPDBG" sasl scram-sha-256-plus --user user --password-env PENCIL
expect_out 'needs a live connection' "$SMTPDBG" sasl scram-sha-256-plus --user user \
	--password-env PENCIL

# DIGEST-MD5, RFC 2831 section 4 (IMAP example)
export SECRET=secret
DM_CHAL=cmVhbG09ImVsd29vZC5pbm5vc29mdC5jb20iLG5vbmNlPSJPQTZNRzl0RVFHbTJoaCIscW9wPSJhdXRoIixhbGdvcml0aG09bWQ1LXNlc3MsY2hhcnNldD11dGYtOA==
DM_RSP=cnNwYXV0aD1lYTQwZjYwMzM1YzQyN2I1NTI3Yjg0ZGJhYmNkZmZmZA==
digest() {
	"$SMTPDBG" sasl digest-md5 --user chris --password-env SECRET --nonce OA6MHXh6VqTrRk \
		--digest-uri imap/elwood.innosoft.com "$@"
}
expect_line 'Y2hhcnNldD11dGYtOCx1c2VybmFtZT0iY2hyaXMiLHJlYWxtPSJlbHdvb2QuaW5ub3NvZnQuY29tIixub25jZT0iT0E2TUc5dEVRR20yaGgiLG5jPTAwMDAwMDAxLGNub25jZT0iT0E2TUhYaDZWcVRyUmsiLGRpZ2VzdC11cmk9ImltYXAvZWx3b29kLmlubm9zb2Z0LmNvbSIscmVzcG9uc2U9ZDM4OGRhZDkwZDRiYmQ3NjBhMTUyMzIxZjIxNDNhZjcscW9wPWF1dGg=' responses digest -c "$DM_CHAL" -c "$DM_RSP"
expect_out 'response=d388dad90d4bbd760a152321f2143af7' digest -c "$DM_CHAL"
expect_out 'rspauth verified' digest -c "$DM_CHAL" -c "$DM_RSP"
expect_out 'historic' digest -c "$DM_CHAL"
expect_no_out secret digest -c "$DM_CHAL" -c "$DM_RSP"
expect_status 2 "$SMTPDBG" sasl digest-md5 --user chris --password-env SECRET -c "$DM_CHAL"
expect_out 'digest-uri' "$SMTPDBG" sasl digest-md5 --user chris --password-env SECRET -c "$DM_CHAL"
expect_out 'smtp/mx.example' "$SMTPDBG" sasl digest-md5 --user chris --password-env SECRET \
	--host mx.example -c "$DM_CHAL"
expect_status 2 "$SMTPDBG" sasl plain --user tim --password-env P --nonce x
expect_status 2 "$SMTPDBG" sasl scram-sha-1 --user tim --password-env P --host x

# password sources
pwfile=$(mktemp)
trap 'rm -f "$pwfile"' EXIT
printf 'tanstaaftanstaaf\n' >"$pwfile"
expect_line 'dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw' \
	responses "$SMTPDBG" sasl cram-md5 --user tim --password-file "$pwfile" --challenge "$CHAL"
expect_line 'dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw' \
	responses "$SMTPDBG" sasl cram-md5 --user tim --password tanstaaftanstaaf --challenge "$CHAL"
expect_out 'warning: a password on the command line' \
	"$SMTPDBG" sasl cram-md5 --user tim --password tanstaaftanstaaf --challenge "$CHAL"
printf 'tans\000taaf\n' >"$pwfile"
expect_status 2 "$SMTPDBG" sasl plain --user tim --password-file "$pwfile"
expect_out 'contains a NUL byte' "$SMTPDBG" sasl plain --user tim --password-file "$pwfile"

# OAUTHBEARER, RFC 7628 section 4.1; the expected message is built here
# from the RFC's fields with printf and base64, independently of smtpdbg
export TOK='vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg=='
msg=$(printf 'n,a=user@example.com,\001host=server.example.com\001port=143\001auth=Bearer %s\001\001' "$TOK" | base64 -w0)
expect_line "$msg" responses "$SMTPDBG" sasl oauthbearer --user user@example.com \
	--host server.example.com --port 143 --token-env TOK
expect_no_out "$TOK" "$SMTPDBG" sasl oauthbearer --user user@example.com --token-env TOK
expect_out 'sends the bearer token itself' "$SMTPDBG" sasl oauthbearer --user u --token-env TOK
# the server's JSON error (RFC 7628 section 4.3) is decoded; the answer is 0x01
ERR=eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIiwic2NvcGUiOiJleGFtcGxlX3Njb3BlIiwib3BlbmlkLWNvbmZpZ3VyYXRpb24iOiJodHRwczovL2V4YW1wbGUuY29tLy53ZWxsLWtub3duL29wZW5pZC1jb25maWd1cmF0aW9uIn0=
expect_out 'status: invalid_token' "$SMTPDBG" sasl oauthbearer --user u --token-env TOK -c "$ERR"
expect_line "$(printf 'n,a=u,\001auth=Bearer %s\001\001' "$TOK" | base64 -w0)
AQ==" responses "$SMTPDBG" sasl oauthbearer --user u --token-env TOK -c "$ERR"
printf '%s\n' "$TOK" >"$pwfile"
expect_line "$msg" responses "$SMTPDBG" sasl oauthbearer --user user@example.com \
	--host server.example.com --port 143 --token-file "$pwfile"
expect_status 2 "$SMTPDBG" sasl oauthbearer --user u
expect_out 'needs a bearer token' "$SMTPDBG" sasl oauthbearer --user u
expect_status 2 "$SMTPDBG" sasl oauthbearer --user u --token-env TOK --port 0
expect_status 2 "$SMTPDBG" sasl oauthbearer --user u --token-env TOK --password-env P
expect_status 2 "$SMTPDBG" sasl plain --user u --password-env P --token-env TOK
expect_status 2 "$SMTPDBG" sasl plain --user u --password-env P --port 25

# XOAUTH2, the form Google documents
msg=$(printf 'user=someuser@example.com\001auth=Bearer %s\001\001' "$TOK" | base64 -w0)
expect_line "$msg" responses "$SMTPDBG" sasl xoauth2 --user someuser@example.com --token-env TOK
expect_no_out "$TOK" "$SMTPDBG" sasl xoauth2 --user someuser@example.com --token-env TOK

# EXTERNAL: no user, no secret; an empty initial response is "="
expect_line '=' responses "$SMTPDBG" sasl external
expect_line "$(printf admin | base64)" responses "$SMTPDBG" sasl external --authzid admin
expect_status 2 "$SMTPDBG" sasl external --user tim
expect_status 2 "$SMTPDBG" sasl external --password-env P

# LOGIN with the user name as initial response: then only the password prompt
expect_line "$(printf 'TWF4IE11c3Rlcm1hbm4=\nSWNoYmlua2VpblNwYW1tZXI=')" responses \
	"$SMTPDBG" sasl login --user 'Max Mustermann' --password-env SEED --initial-response
expect_out 'skips its "Username:" prompt' \
	"$SMTPDBG" sasl login --user 'Max Mustermann' --password-env SEED --initial-response
expect_status 2 "$SMTPDBG" sasl plain --user tim --password-env P --initial-response

# error paths: exit 2 with a clear message, and no prompt without a terminal
unset NOPE
expect_status 2 "$SMTPDBG" sasl cram-md5 --user tim --password-env NOPE --challenge "$CHAL"
expect_out 'environment variable NOPE is not set' \
	"$SMTPDBG" sasl cram-md5 --user tim --password-env NOPE --challenge "$CHAL"
expect_status 2 sh -c '"$1" sasl plain --user tim </dev/null' sh "$SMTPDBG"
expect_out 'no password given' sh -c '"$1" sasl plain --user tim </dev/null' sh "$SMTPDBG"
expect_status 2 "$SMTPDBG" sasl scram-sha-7 --user tim --password-env P
expect_out 'known: SCRAM-SHA-256-PLUS, SCRAM-SHA-1-PLUS, SCRAM-SHA-256, SCRAM-SHA-1, EXTERNAL, GSSAPI, OAUTHBEARER, XOAUTH2, PLAIN, CRAM-MD5, LOGIN, OAUTH10A, DIGEST-MD5, NTLM' \
	"$SMTPDBG" sasl scram-sha-7 --user tim --password-env P
expect_status 2 "$SMTPDBG" sasl cram-md5 --user tim --password-env P
expect_out 'needs the server' "$SMTPDBG" sasl cram-md5 --user tim --password-env P
expect_status 2 "$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge ''
expect_out 'empty' "$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge ''
expect_status 2 "$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge 'PDE4!'
expect_out 'challenge 1 is not valid Base64 at offset 4' \
	"$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge 'PDE4!'
expect_status 2 "$SMTPDBG" sasl plain --password-env P
expect_out '--user is required' "$SMTPDBG" sasl plain --password-env P
expect_status 2 "$SMTPDBG" sasl login --user tim --authzid x --password-env P
expect_status 2 "$SMTPDBG" sasl plain --user tim --password-env P --password-file /dev/null
expect_status 2 "$SMTPDBG" sasl plain --user
expect_status 2 "$SMTPDBG" sasl
expect_status 2 "$SMTPDBG" sasl plain extra --user tim --password-env P

expect_status 0 "$SMTPDBG" sasl --help
expect_out 'Usage: smtpdbg sasl MECH' "$SMTPDBG" sasl --help
expect_out 'smtpdbg 0.' "$SMTPDBG" sasl --version

# NTLM: [MS-NLMP] 4.2.4's challenge message; the NTLMv2 responses change
# with the clock, but the LMv2 response does not (no server timestamp).
NTLM_CHAL=TlRMTVNTUAACAAAADAAMADgAAAAzgoriASNFZ4mrze8AAAAAAAAAACQAJABEAAAABgBwFwAAAA9TAGUAcgB2AGUAcgACAAwARABvAG0AYQBpAG4AAQAMAFMAZQByAHYAZQByAAAAAAA=
export NP=Password
expect_status 0 "$SMTPDBG" sasl ntlm --user 'Domain\User' --password-env NP --nonce aaaaaaaaaaaaaaaa --challenge "$NTLM_CHAL"
expect_out 'C: TlRMTVNTUAABAAAAB4IIAAAAAAAgAAAAAAAAACAAAAA=' \
	"$SMTPDBG" sasl ntlm --user 'Domain\User' --password-env NP --challenge "$NTLM_CHAL"
expect_out 'LMv2 response = HMAC-MD5(NTOWFv2, server challenge + client challenge) + client challenge = 86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa' \
	"$SMTPDBG" sasl ntlm --user 'Domain\User' --password-env NP --nonce aaaaaaaaaaaaaaaa --challenge "$NTLM_CHAL"
expect_out 'NTOWFv2 = HMAC-MD5(NT hash, UTF-16LE(UPPER(user) + domain)) = ********' \
	"$SMTPDBG" sasl ntlm --user 'Domain\User' --password-env NP --challenge "$NTLM_CHAL"
expect_status 2 "$SMTPDBG" sasl ntlm --user u --password-env NP
expect_status 2 "$SMTPDBG" sasl ntlm --user u --password-env NP --nonce xyz --challenge "$NTLM_CHAL"
expect_status 2 "$SMTPDBG" sasl cram-md5 --user u --password-env NP --ntlm-v1 --challenge "$CHAL"
expect_out 'NTLMv1 was asked for' \
	"$SMTPDBG" sasl ntlm --ntlm-v1 --user u --password-env NP --challenge "$NTLM_CHAL"

# OAUTH10A: the signature with a pinned nonce and timestamp.
export OA='9djdj82h48djs9d2:j49sk3j29djd:kkk9d7dh3k39sjv7:dh893hdasih9'
expect_status 0 "$SMTPDBG" sasl oauth10a --host server.example.com --port 143 --token-env OA --nonce 7d8f3e4a --timestamp 137131201
expect_out 'oauth_signature = Base64(HMAC-SHA1(key, base string)) = KWEhe1g8fw+HbxjVJNItrtqT+Es=' \
	"$SMTPDBG" sasl oauth10a --host server.example.com --port 143 --token-env OA --nonce 7d8f3e4a --timestamp 137131201
expect_out 'OAUTH10A is obsolete for mail' \
	"$SMTPDBG" sasl oauth10a --host h --token-env OA
expect_no_out j49sk3j29djd "$SMTPDBG" sasl oauth10a --host h --token-env OA
expect_status 2 "$SMTPDBG" sasl oauth10a --token-env OA
expect_status 2 "$SMTPDBG" sasl oauth10a --host h --token-env OA --timestamp 12x
expect_status 2 "$SMTPDBG" sasl plain --user u --password-env NP --timestamp 1

# What a listed mechanism's name means, offline: the IANA registry's
# usage, and "MD5", which is no mechanism at all.
expect_out 'most likely means CRAM-MD5 (RFC 2195, LIMITED) or DIGEST-MD5' "$SMTPDBG" explain MD5
expect_out 'IANA registry: LIMITED' "$SMTPDBG" explain NTLM
expect_out 'IANA registry: OBSOLETE' "$SMTPDBG" explain LOGIN
expect_out 'IANA registry: COMMON' "$SMTPDBG" explain '250 AUTH SCRAM-SHA-256'
expect_out 'not in the IANA SASL mechanisms registry' "$SMTPDBG" explain '250 AUTH XOAUTH2'

finish
