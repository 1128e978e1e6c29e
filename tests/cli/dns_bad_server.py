"""A DNS server that misbehaves on purpose, for test_dns.sh.

Usage: dns_bad_server.py MODE PORTFILE. Binds 127.0.0.1 on a free UDP port,
writes the port to PORTFILE, then answers every question as MODE says:
silent (never), cut (a header that promises an answer the bytes lack),
lying (an answer to another question).
"""
import socket
import sys

mode, portfile = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
with open(portfile + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
import os
os.rename(portfile + ".tmp", portfile)
while True:
    q, peer = s.recvfrom(4096)
    if mode == "silent" or len(q) < 12:
        continue
    hdr = bytearray(q[:12])
    hdr[2] |= 0x80  # a response
    if mode == "cut":
        # The question alone (without the query's EDNS record), and a
        # header that promises one answer which never comes.
        end = 12
        while end < len(q) and q[end]:
            end += 1 + q[end]
        hdr[6:12] = b"\x00\x01\x00\x00\x00\x00"
        s.sendto(bytes(hdr) + q[12:end + 5], peer)
    elif mode == "lying":
        other = b"\x05other\x07example\x00\x00\x0f\x00\x01"
        hdr[4:6] = b"\x00\x01"
        hdr[6:12] = b"\x00\x00\x00\x00\x00\x00"
        s.sendto(bytes(hdr) + other, peer)
