"""Students and hostile clients for `smtpdbg serve --allow-remote`.

Usage: python3 serve_classroom.py MODE HOST PORT SRC [ARGS...]
Every client binds to the source address SRC, so one machine (or one
network namespace) can play many students. Each mode prints what it saw
and exits non-zero with the reason when the server did not behave. Every
loop is bounded in count, bytes and time.

  student USER PASSWORD MECH     smtplib: login with MECH, one message
  normal USER PASSWORD SECONDS   full sessions one after another for
                                 SECONDS; each must get 235 and 250
  flood N                        N connections at once; counts 220/421
  loris N SECONDS                N clients, a byte a second, never a line
  longline MB                    one line of up to MB megabytes, no LF
  bigdata MB USER PASSWORD       DATA of up to MB megabytes, never ended
"""
import select
import smtplib
import socket
import sys
import time

mode, HOST, PORT, SRC = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
args = sys.argv[5:]
MSG = "Subject: {}\r\n\r\nhello from {}\r\n"


def connect(timeout=10):
    return socket.create_connection((HOST, PORT), timeout=timeout, source_address=(SRC, 0))


def smtp(timeout=10):
    return smtplib.SMTP(HOST, PORT, timeout=timeout, source_address=(SRC, 0))


def session(user, password, mech):
    """EHLO, AUTH with MECH, MAIL, RCPT, DATA, QUIT; returns the codes."""
    s = smtp()
    s.ehlo("student.test")
    s.user, s.password = user, password
    fn = {"CRAM-MD5": s.auth_cram_md5, "LOGIN": s.auth_login, "PLAIN": s.auth_plain}[mech]
    code, _ = s.auth(mech, fn)
    mail = s.mail("%s@client.test" % user.split()[0])[0]
    rcpt = s.rcpt("max@server.com")[0]
    data = s.data(MSG.format(user, user))[0]
    s.quit()
    return code, mail, rcpt, data


def refused(s, timeout=0):
    """What the server said, if anything is to be read now: (text, closed)."""
    r, _, _ = select.select([s], [], [], timeout)
    if not r:
        return None
    try:
        got = s.recv(65536)
    except OSError as e:
        return "reset: %s" % e
    return got.decode(errors="replace").strip() or "closed"


def stream(s, chunk, limit):
    """Send chunk until limit bytes went or the server said something;
    returns (bytes sent, what it said)."""
    sent = 0
    s.setblocking(False)
    while sent < limit:
        said = refused(s)
        if said is not None:
            return sent, said
        _, w, _ = select.select([], [s], [], 5)
        if not w:
            continue
        try:
            sent += s.send(chunk)
        except BlockingIOError:
            continue
        except OSError as e:
            return sent, refused(s, 2) or "error: %s" % e
    return sent, refused(s, 5) or "nothing"


if mode == "student":
    user, password, mech = args
    codes = session(user, password, mech)
    print("%s (%s from %s): AUTH %d, MAIL %d, RCPT %d, DATA %d" % ((user, mech, SRC) + codes))
    sys.exit(0 if codes == (235, 250, 250, 250) else 1)

elif mode == "normal":
    user, password, seconds = args[0], args[1], float(args[2])
    end = time.monotonic() + seconds
    n = bad = 0
    times = []
    while time.monotonic() < end and n < 1000:
        t0 = time.monotonic()
        try:
            codes = session(user, password, "PLAIN")
        except (OSError, smtplib.SMTPException) as e:
            codes = repr(e)
        times.append(time.monotonic() - t0)
        n += 1
        if codes != (235, 250, 250, 250):
            bad += 1
            print("session %d: %r" % (n, codes))
        time.sleep(1.5)  # a person, not a script: within --max-connect-rate
    times.sort()
    worst = times[-1] if times else 0.0
    print("normal client: %d sessions, %d failed; a session took %.3f s (median), %.3f s "
          "at most" % (n, bad, times[len(times) // 2] if times else 0.0, worst))
    sys.exit(1 if bad or n < 3 or worst > 5 else 0)

elif mode == "flood":
    n = int(args[0])
    socks, errors = [], 0
    for _ in range(n):
        try:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind((SRC, 0))
            s.setblocking(False)
            s.connect_ex((HOST, PORT))
            socks.append(s)
        except OSError:
            errors += 1
    greet = {"220": 0, "421": 0, "other": 0}
    pending = list(socks)
    end = time.monotonic() + 20
    while pending and time.monotonic() < end:
        _, _, _ = select.select(pending[:500], [], [], 1)
        still = []
        for s in pending:
            try:
                got = s.recv(512)
            except BlockingIOError:
                still.append(s)
                continue
            except OSError:
                got = b""
            key = got[:3].decode(errors="replace")
            greet[key if key in greet else "other"] += 1
        pending = still
    print("flood of %d: %d greeted (220), %d refused (421), %d other, %d no answer, "
          "%d could not connect" % (n, greet["220"], greet["421"], greet["other"],
                                    len(pending), errors))
    for s in socks:
        s.close()
    # a flood is refused, not served: at most a few slots, never all
    sys.exit(0 if greet["220"] <= 16 and greet["421"] >= n // 2 else 1)

elif mode == "loris":
    n, seconds = int(args[0]), float(args[1])
    socks = []
    for _ in range(n):
        s = connect()
        s.recv(512)
        socks.append(s)
    dropped = {}
    t0 = time.monotonic()
    while len(dropped) < n and time.monotonic() - t0 < seconds:
        for i, s in enumerate(socks):
            if i in dropped:
                continue
            said = refused(s)
            if said is not None:
                dropped[i] = (said, time.monotonic() - t0)
                continue
            try:
                s.send(b"N")
            except OSError as e:
                dropped[i] = ("reset: %s" % e, time.monotonic() - t0)
        time.sleep(1)
    for i in range(n):
        what, t = dropped.get(i, ("still connected", time.monotonic() - t0))
        print("loris %d: %s after %.1f s" % (i, what.splitlines()[0], t))
    sys.exit(0 if len(dropped) == n else 1)

elif mode == "longline":
    limit = int(args[0]) << 20
    s = connect()
    s.recv(512)
    sent, said = stream(s, b"A" * 65536, limit)
    print("a line without end: refused after %.1f MB: %s" % (sent / 1e6, said.splitlines()[0]))
    sys.exit(0 if said.startswith("421") and sent < limit else 1)

elif mode == "bigdata":
    limit, user, password = int(args[0]) << 20, args[1], args[2]
    s = smtp()
    s.ehlo("student.test")
    s.login(user, password)
    s.mail("big@client.test")
    s.rcpt("max@server.com")
    code, _ = s.docmd("DATA")
    assert code == 354, code
    sock = s.sock
    sent, said = stream(sock, (b"x" * 998 + b"\r\n") * 64, limit)
    print("DATA without end: refused after %.1f MB: %s" % (sent / 1e6, said.splitlines()[0]))
    sys.exit(0 if said.startswith("552") and sent < limit else 1)

else:
    sys.exit("unknown mode " + mode)
