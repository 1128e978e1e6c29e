"""A TCP listener that never answers a connect, for the --mx tests.

Usage: silent_listener.py ADDR PORTFILE. Listens on ADDR with a backlog of
0 and fills its queue itself, so the kernel drops every further SYN: the
client's connect waits until its own timeout, as with a host that is down.
Writes the port to PORTFILE once full.
"""
import os
import socket
import sys
import time

addr, portfile = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind((addr, 0))
s.listen(0)
port = s.getsockname()[1]
fill = []
for _ in range(3):
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.setblocking(False)
    c.connect_ex((addr, port))
    fill.append(c)
time.sleep(0.2)
with open(portfile + ".tmp", "w") as f:
    f.write(str(port))
os.rename(portfile + ".tmp", portfile)
while True:
    time.sleep(60)
