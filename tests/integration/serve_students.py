"""Students' clients for `smtpdbg serve`'s log and files: Python's smtplib
and a raw socket, as a class would use them.

Usage: python3 serve_students.py WHAT PORT [ARGS]
  class PORT          LOGIN, PLAIN and CRAM-MD5 logins, a mail, several at once
  plain-first PORT    (strict-submission) AUTH PLAIN before STARTTLS, then TLS
  typed PORT          AUTH LOGIN answered with the name in clear, hostile bytes
  hold PORT CMD...    greet, EHLO, AUTH LOGIN, then run CMD (the session still
                      open) and finish; exits with CMD's status
  clean FILE          no control byte but newlines in FILE (a log)
Exits 0 when every exchange went as expected; prints why not.
"""
import smtplib
import socket
import ssl
import subprocess
import sys
import threading

USER, PASSWORD = "Max Mustermann", "IchbinkeinSpammer"
MSG = "Subject: private words\r\n\r\nthe content stays private\r\n"


def login(port, mech):
    s = smtplib.SMTP("127.0.0.1", port, timeout=10)
    s.ehlo("student-%s.example" % mech.lower())
    s.user, s.password = USER, PASSWORD
    fn = {"CRAM-MD5": s.auth_cram_md5, "LOGIN": s.auth_login, "PLAIN": s.auth_plain}[mech]
    code, _ = s.auth(mech, fn, initial_response_ok=(mech != "LOGIN"))
    assert code == 235, (mech, code)
    assert s.sendmail("max@client.test", ["friend@elsewhere.test"], MSG) == {}
    s.quit()


def wrong(port):
    s = smtplib.SMTP("127.0.0.1", port, timeout=10)
    s.ehlo("student-wrong.example")
    try:
        s.login(USER, "wrong")
        raise AssertionError("a wrong password was accepted")
    except smtplib.SMTPAuthenticationError as e:
        assert e.smtp_code == 535, e
    s.quit()


def a_class(port):
    errors = []

    def one(fn, *a):
        try:
            fn(*a)
        except Exception as e:  # reported by the main thread
            errors.append(repr(e))

    threads = [threading.Thread(target=one, args=(login, port, m))
               for m in ("LOGIN", "PLAIN", "CRAM-MD5")]
    threads.append(threading.Thread(target=one, args=(wrong, port)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def plain_first(port):
    s = smtplib.SMTP("127.0.0.1", port, timeout=10)
    s.ehlo("student-early.example")
    assert "starttls" in s.esmtp_features
    import base64
    ir = base64.b64encode(("\0%s\0%s" % (USER, PASSWORD)).encode()).decode()
    code, _ = s.docmd("AUTH", "PLAIN " + ir)
    assert code == 530, code
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    s.starttls(context=ctx)
    s.ehlo("student-early.example")
    s.login(USER, PASSWORD)
    s.quit()


def raw(port):
    c = socket.create_connection(("127.0.0.1", port), timeout=10)
    f = c.makefile("rb")
    assert f.readline().startswith(b"220")
    return c, f


def send(c, f, line):
    c.sendall(line + b"\r\n")
    reply = f.readline()
    while reply[3:4] == b"-":
        reply = f.readline()
    return reply


def typed(port):
    c, f = raw(port)
    assert send(c, f, b"EHLO typed.example").startswith(b"250")
    assert send(c, f, b"AUTH LOGIN").startswith(b"334")
    assert send(c, f, b"Max Mustermann").startswith(b"501")
    # a hostile student: clear screen, set the title, bidi, invalid UTF-8
    assert send(c, f, b"NOOP \x1b[2J\x1b]0;pwned\x07\xe2\x80\xae\xff").startswith(b"250")
    assert send(c, f, b"QUIT").startswith(b"221")
    c.close()


def hold(port, cmd):
    c, f = raw(port)
    assert send(c, f, b"EHLO held.example").startswith(b"250")
    assert send(c, f, b"AUTH LOGIN").startswith(b"334")
    rc = subprocess.call(cmd)  # while the session is open
    assert send(c, f, b"*").startswith(b"501")
    assert send(c, f, b"QUIT").startswith(b"221")
    c.close()
    sys.exit(rc)


def clean(path):
    with open(path, "rb") as f:
        data = f.read()
    bad = [i for i, b in enumerate(data) if (b < 32 and b != 10) or b == 127]
    assert not bad, "control byte 0x%02x at %d" % (data[bad[0]], bad[0])


def main():
    if sys.argv[1] == "clean":
        clean(sys.argv[2])
        return
    what, port = sys.argv[1], int(sys.argv[2])
    if what == "hold":
        hold(port, sys.argv[3:])
    {"class": a_class, "plain-first": plain_first, "typed": typed}[what](port)
    print("ok", what)


if __name__ == "__main__":
    main()
