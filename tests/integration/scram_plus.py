#!/usr/bin/env python3
"""A SCRAM-SHA-256-PLUS server for the channel-binding tests (RFC 5802,
RFC 7677, RFC 5929): STARTTLS limited to TLS 1.2, so the binding is
tls-server-end-point, the SHA-256 hash of this server's certificate, which
Python can compute (it has no TLS exporter). The server checks the client's
c= against its own view of the channel and the proof against the password,
as a real server would.

Usage: scram_plus.py MODE CERT KEY PORTFILE
  good      check everything, prove itself with v=, say 235
  mitm      compute the binding from another certificate, as a server on the
            far side of an interception proxy would: the client's c= does
            not match, so the exchange fails with e=channel-bindings-dont-match
Listens on 127.0.0.1 (port 0), writes the port to PORTFILE, serves one client.
"""
import base64
import hashlib
import hmac
import os
import socket
import ssl
import sys

USER, PASSWORD = "u", "pencil"
SALT, ITER = b"channel-salt", 4096


def lines(f):
    while True:
        line = f.readline()
        if not line:
            return
        yield line.rstrip(b"\r\n")


def main():
    mode, cert, key, portfile = sys.argv[1:5]
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(cert, key)
    der = ssl.PEM_cert_to_DER_cert(open(cert).read())
    if mode == "mitm":
        der = b"another certificate"
    binding = b"p=tls-server-end-point,," + hashlib.sha256(der).digest()

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(srv.getsockname()[1]))
    os.rename(portfile + ".tmp", portfile)
    conn, _ = srv.accept()
    f = conn.makefile("rb")
    send = conn.sendall
    send(b"220 plus.test ESMTP\r\n")
    for line in lines(f):
        verb = line.split(b" ", 1)[0].upper()
        if verb == b"EHLO":
            send(b"250-plus.test\r\n250 STARTTLS\r\n")
        elif verb == b"STARTTLS":
            send(b"220 go ahead\r\n")
            conn = ctx.wrap_socket(conn, server_side=True)
            f = conn.makefile("rb")
            send = conn.sendall
            break
        else:
            send(b"503 5.5.1 STARTTLS first\r\n")
    salted = hashlib.pbkdf2_hmac("sha256", PASSWORD.encode(), SALT, ITER)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()
    for line in lines(f):
        words = line.split(b" ")
        verb = words[0].upper()
        if verb == b"EHLO":
            send(b"250-plus.test\r\n250 AUTH SCRAM-SHA-256-PLUS SCRAM-SHA-256\r\n")
        elif verb == b"AUTH" and words[1].upper() == b"SCRAM-SHA-256-PLUS":
            first = base64.b64decode(words[2]).decode()
            gs2 = first[: first.index(",", first.index(",") + 1) + 1]
            bare = first[len(gs2):]
            cnonce = bare.split("r=", 1)[1]
            nonce = cnonce + "srv"
            server_first = "r=%s,s=%s,i=%d" % (nonce, base64.b64encode(SALT).decode(), ITER)
            send(b"334 " + base64.b64encode(server_first.encode()) + b"\r\n")
            final = base64.b64decode(next(lines(f))).decode()
            attrs = dict(a.split("=", 1) for a in final.split(","))
            without_proof = final[: final.rindex(",p=")]
            auth_message = ",".join([bare, server_first, without_proof]).encode()
            if gs2 != "p=tls-server-end-point,," or \
                    base64.b64decode(attrs["c"]) != binding:
                send(b"535 5.7.8 e=channel-bindings-dont-match\r\n")
                continue
            signature = hmac.new(stored_key, auth_message, "sha256").digest()
            proof = base64.b64decode(attrs["p"])
            got_key = bytes(a ^ b for a, b in zip(proof, signature))
            if hashlib.sha256(got_key).digest() != stored_key:
                send(b"535 5.7.8 Authentication credentials invalid\r\n")
                continue
            v = hmac.new(server_key, auth_message, "sha256").digest()
            send(b"334 " + base64.b64encode(b"v=" + base64.b64encode(v)) + b"\r\n")
            next(lines(f))  # the empty answer
            send(b"235 2.7.0 Authentication successful\r\n")
        elif verb == b"QUIT":
            send(b"221 bye\r\n")
            break
        else:
            send(b"250 ok\r\n")
    conn.close()


if __name__ == "__main__":
    main()
