#!/usr/bin/env python3
"""A small SMTP server with STARTTLS for the TLS tests: it serves the
certificate chain it is given (leaf first, intermediates after) and records
the server name each client sent.

Usage: tls_smtpd.py MODE CHAIN KEY PORTFILE SNIFILE [MAXVER]
  starttls  220, EHLO with STARTTLS, TLS, then accept a message
  implicit  TLS at once (as on port 465), then the same
  stall     read the client's hello after STARTTLS and answer nothing
  plain     no STARTTLS offered
MAXVER: 1.2 limits the server to TLS 1.2.
Listens on 127.0.0.1 (port 0), writes the port to PORTFILE, serves clients
each in a thread of its own, until killed.
"""
import os
import socket
import ssl
import sys
import threading
import time


def lines(f):
    while True:
        line = f.readline()
        if not line:
            return
        yield line.rstrip(b"\r\n")


def smtp(conn, tls_ctx, starttls, greet=True):
    f = conn.makefile("rb")
    send = conn.sendall
    if greet:
        send(b"220 tls.test ESMTP\r\n")
    for line in lines(f):
        verb = line.split(b" ", 1)[0].upper()
        if verb in (b"EHLO", b"HELO"):
            ext = b"250-STARTTLS\r\n" if starttls else b""
            send(b"250-tls.test\r\n" + ext + b"250 8BITMIME\r\n")
        elif verb == b"STARTTLS" and starttls:
            send(b"220 go ahead\r\n")
            tls = tls_ctx.wrap_socket(conn, server_side=True)
            return smtp(tls, tls_ctx, False, False)
        elif verb == b"DATA":
            send(b"354 go\r\n")
            for body in lines(f):
                if body == b".":
                    break
            send(b"250 queued\r\n")
        elif verb == b"QUIT":
            send(b"221 bye\r\n")
            return
        else:
            send(b"250 ok\r\n")


def main():
    mode, chain, key, portfile, snifile = sys.argv[1:6]
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    if len(sys.argv) > 6 and sys.argv[6] == "1.2":
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    # Test certificates may be weak on purpose (1024 bits, SHA-1).
    ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
    ctx.load_cert_chain(chain, key)

    def record_sni(sock, name, c):
        with open(snifile, "a") as f:
            f.write((name or "-") + "\n")
    ctx.sni_callback = record_sni

    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(srv.getsockname()[1]))
    os.rename(portfile + ".tmp", portfile)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=serve, args=(mode, ctx, conn), daemon=True).start()


def serve(mode, ctx, conn):
    try:
        if mode == "stall":
            conn.sendall(b"220 tls.test ESMTP\r\n")
            conn.recv(4096)  # EHLO
            conn.sendall(b"250-tls.test\r\n250 STARTTLS\r\n")
            conn.recv(4096)  # STARTTLS
            conn.sendall(b"220 go ahead\r\n")
            conn.recv(65536)  # the client's hello, never answered
            time.sleep(60)
        elif mode == "implicit":
            smtp(ctx.wrap_socket(conn, server_side=True), ctx, False)
        else:
            smtp(conn, ctx, mode == "starttls")
    except (OSError, ssl.SSLError):
        pass
    finally:
        conn.close()

if __name__ == "__main__":
    main()
