"""A small SMTP server with STARTTLS and a given certificate, for run
--check's certificate thresholds: the certificate is made by the test
(openssl req -days N). Usage: starttls_server.py CERT KEY PORTFILE"""
import socket
import ssl
import sys

cert, key, portfile = sys.argv[1:4]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(8)
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.getsockname()[1]))
import os
os.rename(portfile + ".tmp", portfile)


def serve(c):
    f = c.makefile("rwb")

    def say(s):
        f.write(s.encode() + b"\r\n")
        f.flush()

    say("220 localhost ESMTP test")
    tls = False
    while True:
        line = f.readline()
        if not line:
            return
        verb = line.strip().split(b" ")[0].upper()
        if verb == b"EHLO":
            say("250-localhost")
            say("250 STARTTLS" if not tls else "250 8BITMIME")
        elif verb == b"STARTTLS" and not tls:
            say("220 2.0.0 Ready to start TLS")
            c = ctx.wrap_socket(c, server_side=True)
            f = c.makefile("rwb")
            tls = True
        elif verb == b"QUIT":
            say("221 2.0.0 Bye")
            return
        else:
            say("250 2.0.0 Ok")


while True:
    conn, _ = srv.accept()
    try:
        serve(conn)
    except (OSError, ssl.SSLError):
        pass
    conn.close()
