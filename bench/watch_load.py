"""A classroom under load for serve (bench/watch.sh): HOLD clients that
greet and stay, FLOOD clients sending NOOP lines as fast as the server
answers (and one 100 MB line each), and meanwhile ROUNDS ordinary student
sessions (EHLO, AUTH PLAIN, one message, QUIT) one after another. Prints
the students' median and worst wall time and the server's peak RSS.

usage: python3 watch_load.py PORT SERVER-PID HOLD FLOOD ROUNDS"""
import base64
import socket
import statistics
import sys
import threading
import time

port, pid, hold, flood, rounds = (int(a) for a in sys.argv[1:6])
stop = threading.Event()
peak = [0]


def rss_kib():
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    return 0


def sample():
    while not stop.is_set():
        peak[0] = max(peak[0], rss_kib())
        time.sleep(0.05)


def recv_reply(s):
    buf = b''
    while True:
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionError('closed')
        buf += chunk
        lines = buf.split(b'\r\n')
        for l in lines[:-1]:
            if len(l) >= 4 and l[3:4] == b' ':
                return buf
        if len(lines) > 1 and lines[-2][3:4] == b' ':
            return buf


def flooder():
    try:
        s = socket.create_connection(('127.0.0.1', port))
        recv_reply(s)
        s.sendall(b'EHLO flood\r\n')
        recv_reply(s)
        s.sendall(b'NOOP ' + b'x' * (100 << 20) + b'\r\n')  # one 100 MB line
        recv_reply(s)
        while not stop.is_set():
            s.sendall(b'NOOP \x1b[2J flood\r\n' * 50)
            for _ in range(50):
                recv_reply(s)
    except (OSError, ConnectionError):
        pass


def student():
    t0 = time.monotonic()
    s = socket.create_connection(('127.0.0.1', port))
    recv_reply(s)
    plain = base64.b64encode(b'\0Max Mustermann\0IchbinkeinSpammer')
    for cmd in (b'EHLO student', b'AUTH PLAIN ' + plain, b'MAIL FROM:<s@example.org>',
                b'RCPT TO:<t@example.org>', b'DATA'):
        s.sendall(cmd + b'\r\n')
        recv_reply(s)
    s.sendall(b'Subject: load\r\n\r\nhello\r\n.\r\n')
    r = recv_reply(s)
    assert r.startswith(b'250'), r
    s.sendall(b'QUIT\r\n')
    recv_reply(s)
    s.close()
    return time.monotonic() - t0


threading.Thread(target=sample, daemon=True).start()
held = []
for i in range(hold):
    c = socket.create_connection(('127.0.0.1', port))
    held.append(c)
for c in held:
    recv_reply(c)
    c.sendall(b'EHLO holder\r\n')
for c in held:
    recv_reply(c)
floods = [threading.Thread(target=flooder, daemon=True) for _ in range(flood)]
for t in floods:
    t.start()
time.sleep(1)
times = [student() for _ in range(rounds)]
stop.set()
for c in held:
    c.close()
print('students: %d, median %.1f ms, worst %.1f ms; server peak RSS %d KiB' %
      (rounds, statistics.median(times) * 1000, max(times) * 1000, peak[0]))
