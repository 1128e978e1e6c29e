"""Checks that a running test lab works, with Python's own SMTP client.

Run by tests/lab/selftest.sh with the lab's lab.env in the environment.
Usage: python3 selftest.py COUNTS_FILE
Prints one line per check ("ok - ..." or "FAIL - ...") and writes
"PASSED FAILED" to COUNTS_FILE. Standard library only.
"""
import base64
import hashlib
import hmac
import os
import re
import smtplib
import ssl
import sys
import time
import uuid

ENV = os.environ
HOST = ENV["LAB_HOST"]
HOSTNAME = ENV["LAB_HOSTNAME"]
USER = ENV["LAB_USER"]
PASSWORD = ENV["LAB_PASSWORD"]
DOMAIN = ENV["LAB_DOMAIN"]
CTX = ssl.create_default_context(cafile=ENV["LAB_CAFILE"])
TIMEOUT = 10

passed = 0
failed = 0


def check(name):
    def run(fn):
        global passed, failed
        t0 = time.monotonic()
        try:
            fn()
        except Exception as e:  # every failure is reported, none stops the run
            failed += 1
            print("FAIL - %s: %s: %s" % (name, type(e).__name__, e), flush=True)
        else:
            passed += 1
            print("ok - %s (%.2f s)" % (name, time.monotonic() - t0), flush=True)
        return fn
    return run


def b64(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.b64encode(data).decode()


def expect(code, resp, want, text=None):
    resp = resp.decode(errors="replace") if isinstance(resp, bytes) else resp
    if code != want or (text is not None and text not in resp):
        raise AssertionError("expected %d %s, got %d %s" % (want, text or "", code, resp))


def starttls(port):
    s = smtplib.SMTP(HOST, port, timeout=TIMEOUT)
    s.ehlo("selftest.example")
    s.starttls(context=CTX)  # verifies the certificate for 127.0.0.1
    s.ehlo("selftest.example")
    return s


def login(s, mech):
    s.user, s.password = USER, PASSWORD
    auth = getattr(s, "auth_" + mech.lower().replace("-", "_"))
    s.auth(mech, auth)


def message(tag, rcpt):
    return ("From: <%s>\r\nTo: <%s>\r\nSubject: lab selftest\r\nX-Lab-Selftest: %s\r\n"
            "\r\nHello from the lab self-test.\r\n" % (USER, rcpt, tag)).encode()


def wait_for(maildir, tag, secs=10):
    """Wait until a file in maildir/new holds the tag; return its path."""
    needle = tag.encode()
    deadline = time.monotonic() + secs
    while True:
        new = os.path.join(maildir, "new")
        for name in os.listdir(new):
            path = os.path.join(new, name)
            try:
                with open(path, "rb") as f:
                    if needle in f.read():
                        return path
            except FileNotFoundError:
                pass
        if time.monotonic() > deadline:
            raise AssertionError("no message with %s in %s after %d s" % (tag, new, secs))
        time.sleep(0.05)


def deliver(s, maildir, rcpt=None):
    rcpt = rcpt or USER
    tag = uuid.uuid4().hex
    refused = s.sendmail(USER, [rcpt], message(tag, rcpt))
    if refused:
        raise AssertionError("refused: %r" % refused)
    s.quit()
    wait_for(maildir, tag)


# --- SASL mechanisms smtplib lacks ---------------------------------------

def auth_scram(s, mech):
    alg = {"SCRAM-SHA-1": "sha1", "SCRAM-SHA-256": "sha256"}[mech]
    name = USER.replace("=", "=3D").replace(",", "=2C")
    cnonce = b64(os.urandom(18))
    first_bare = "n=%s,r=%s" % (name, cnonce)
    code, resp = s.docmd("AUTH", "%s %s" % (mech, b64("n,," + first_bare)))
    expect(code, resp, 334)
    server_first = base64.b64decode(resp).decode()
    attrs = dict(kv.split("=", 1) for kv in server_first.split(","))
    if not attrs["r"].startswith(cnonce):
        raise AssertionError("server nonce does not extend ours: " + server_first)
    salted = hashlib.pbkdf2_hmac(alg, PASSWORD.encode(), base64.b64decode(attrs["s"]), int(attrs["i"]))
    client_key = hmac.new(salted, b"Client Key", alg).digest()
    stored_key = hashlib.new(alg, client_key).digest()
    without_proof = "c=biws,r=" + attrs["r"]
    auth_message = ",".join((first_bare, server_first, without_proof)).encode()
    signature = hmac.new(stored_key, auth_message, alg).digest()
    proof = bytes(a ^ b for a, b in zip(client_key, signature))
    code, resp = s.docmd(b64(without_proof + ",p=" + b64(proof)))
    expect(code, resp, 334)
    server_key = hmac.new(salted, b"Server Key", alg).digest()
    want = "v=" + b64(hmac.new(server_key, auth_message, alg).digest())
    if base64.b64decode(resp).decode() != want:
        raise AssertionError("wrong server signature: %r" % resp)
    code, resp = s.docmd("")
    expect(code, resp, 235)


def auth_digest_md5(s):
    code, resp = s.docmd("AUTH", "DIGEST-MD5")
    expect(code, resp, 334)
    challenge = base64.b64decode(resp).decode()
    fields = {k: v.strip('"') for k, v in
              re.findall(r'([A-Za-z-]+)=("(?:[^"\\]|\\.)*"|[^,]*)', challenge)}
    realm = fields.get("realm", "")
    nonce = fields["nonce"]
    cnonce = os.urandom(12).hex()
    nc = "00000001"
    uri = "smtp/" + HOSTNAME

    def md5(data):
        return hashlib.md5(data.encode() if isinstance(data, str) else data)

    a1 = md5("%s:%s:%s" % (USER, realm, PASSWORD)).digest() + (":%s:%s" % (nonce, cnonce)).encode()
    ha1 = md5(a1).hexdigest()
    ha2 = md5("AUTHENTICATE:" + uri).hexdigest()
    response = md5("%s:%s:%s:%s:auth:%s" % (ha1, nonce, nc, cnonce, ha2)).hexdigest()
    answer = ('charset=utf-8,username="%s",realm="%s",nonce="%s",nc=%s,cnonce="%s",'
              'digest-uri="%s",response=%s,qop=auth' % (USER, realm, nonce, nc, cnonce, uri, response))
    code, resp = s.docmd(b64(answer))
    expect(code, resp, 334)
    if not base64.b64decode(resp).decode().startswith("rspauth="):
        raise AssertionError("no rspauth: %r" % resp)
    code, resp = s.docmd("")
    expect(code, resp, 235)


# --- Postfix + Dovecot ----------------------------------------------------
SUB = int(ENV["LAB_SUBMISSION_PORT"])
PF_MAIL = ENV["LAB_MAILDIR_POSTFIX"]


@check("postfix submission: no AUTH before STARTTLS, MAIL gets 530 5.7.0")
def _():
    s = smtplib.SMTP(HOST, SUB, timeout=TIMEOUT)
    s.ehlo("selftest.example")
    if s.has_extn("auth") or not s.has_extn("starttls"):
        raise AssertionError("EHLO before TLS: %r" % s.esmtp_features)
    code, resp = s.mail(USER)
    expect(code, resp, 530, "5.7.0")
    s.quit()


for mech in ("PLAIN", "LOGIN", "CRAM-MD5"):
    @check("postfix submission: STARTTLS + AUTH %s delivers to the Maildir" % mech)
    def _(mech=mech):
        s = starttls(SUB)
        login(s, mech)
        deliver(s, PF_MAIL)

for mech in ("DIGEST-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"):
    @check("postfix submission: STARTTLS + AUTH %s delivers to the Maildir" % mech)
    def _(mech=mech):
        s = starttls(SUB)
        if mech == "DIGEST-MD5":
            auth_digest_md5(s)
        else:
            auth_scram(s, mech)
        deliver(s, PF_MAIL)


@check("postfix submission: wrong password gets 535")
def _():
    s = starttls(SUB)
    s.user, s.password = USER, PASSWORD + "-wrong"
    try:
        s.auth("PLAIN", s.auth_plain)
    except smtplib.SMTPAuthenticationError as e:
        expect(e.smtp_code, e.smtp_error, 535)
    else:
        raise AssertionError("AUTH with a wrong password succeeded")
    s.quit()


@check("postfix submission: authenticated mail to another domain lands in the relayed Maildir")
def _():
    s = starttls(SUB)
    login(s, "PLAIN")
    deliver(s, ENV["LAB_MAILDIR_POSTFIX_RELAYED"], "someone@foreign.example")


@check("postfix smtps: implicit TLS verified for %s, AUTH PLAIN delivers" % HOSTNAME)
def _():
    s = smtplib.SMTP_SSL(HOSTNAME, int(ENV["LAB_SMTPS_PORT"]), timeout=TIMEOUT, context=CTX)
    s.ehlo("selftest.example")
    cert = s.sock.getpeercert()
    if ("DNS", HOSTNAME) not in cert.get("subjectAltName", ()):
        raise AssertionError("certificate names: %r" % cert.get("subjectAltName"))
    login(s, "PLAIN")
    deliver(s, PF_MAIL)


@check("postfix smtps: the certificate does not verify without LAB_CAFILE")
def _():
    try:
        smtplib.SMTP_SSL(HOSTNAME, int(ENV["LAB_SMTPS_PORT"]), timeout=TIMEOUT,
                         context=ssl.create_default_context()).quit()
    except ssl.SSLCertVerificationError:
        return
    raise AssertionError("verified against the system CAs")


@check("postfix mx: relaying to a foreign domain is refused with 554 5.7.1")
def _():
    s = smtplib.SMTP(HOST, int(ENV["LAB_MX_PORT"]), timeout=TIMEOUT)
    s.ehlo("selftest.example")
    if s.has_extn("auth"):
        raise AssertionError("the MX port offers AUTH")
    s.mail("someone@foreign.example")
    code, resp = s.rcpt("x@foreign.example")
    expect(code, resp, 554, "5.7.1")
    expect(code, resp, 554, "Relay access denied")
    s.quit()


@check("postfix mx: mail for %s is accepted without AUTH and delivered" % DOMAIN)
def _():
    s = smtplib.SMTP(HOST, int(ENV["LAB_MX_PORT"]), timeout=TIMEOUT)
    s.ehlo("selftest.example")
    deliver(s, PF_MAIL)


@check("postfix mx: an unknown user of %s gets 550 5.1.1" % DOMAIN)
def _():
    s = smtplib.SMTP(HOST, int(ENV["LAB_MX_PORT"]), timeout=TIMEOUT)
    s.ehlo("selftest.example")
    s.mail("someone@foreign.example")
    code, resp = s.rcpt("nobody-here@" + DOMAIN)
    expect(code, resp, 550, "5.1.1")
    s.quit()


@check("postfix legacy: AUTH without TLS, with the old AUTH= line")
def _():
    s = smtplib.SMTP(HOST, int(ENV["LAB_LEGACY_PORT"]), timeout=TIMEOUT)
    code, resp = s.ehlo("selftest.example")
    lines = resp.decode().split("\n")
    if not any(l.startswith("AUTH=") for l in lines) or not any(l.startswith("AUTH ") for l in lines):
        raise AssertionError("EHLO: %r" % lines)
    login(s, "LOGIN")
    s.quit()


@check("postfix openrelay: mail to a foreign domain is relayed (into the relayed Maildir)")
def _():
    s = smtplib.SMTP(HOST, int(ENV["LAB_OPENRELAY_PORT"]), timeout=TIMEOUT)
    s.ehlo("selftest.example")
    deliver(s, ENV["LAB_MAILDIR_POSTFIX_RELAYED"], "victim@foreign.example")


# --- Exim -----------------------------------------------------------------
EXIM = int(ENV["LAB_EXIM_PORT"])
EX_MAIL = ENV["LAB_MAILDIR_EXIM"]


@check("exim: before STARTTLS only CRAM-MD5 and NTLM are offered")
def _():
    s = smtplib.SMTP(HOST, EXIM, timeout=TIMEOUT)
    s.ehlo("selftest.example")
    mechs = s.esmtp_features.get("auth", "").split()
    if mechs != ["CRAM-MD5", "NTLM"] or not s.has_extn("starttls"):
        raise AssertionError("EHLO: %r" % s.esmtp_features)
    s.quit()


for mech in ("PLAIN", "LOGIN", "CRAM-MD5"):
    @check("exim: STARTTLS + AUTH %s delivers to the Maildir" % mech)
    def _(mech=mech):
        s = starttls(EXIM)
        login(s, mech)
        deliver(s, EX_MAIL)


@check("exim: wrong password gets 535")
def _():
    s = starttls(EXIM)
    s.user, s.password = USER, PASSWORD + "-wrong"
    try:
        s.auth("CRAM-MD5", s.auth_cram_md5)
    except smtplib.SMTPAuthenticationError as e:
        expect(e.smtp_code, e.smtp_error, 535)
    else:
        raise AssertionError("AUTH with a wrong password succeeded")
    s.quit()


@check("exim: relaying without AUTH is refused with 550")
def _():
    s = smtplib.SMTP(HOST, EXIM, timeout=TIMEOUT)
    s.ehlo("selftest.example")
    s.mail("someone@foreign.example")
    code, resp = s.rcpt("x@foreign.example")
    expect(code, resp, 550, "relay not permitted")
    s.quit()


@check("exim: authenticated mail to another domain lands in the relayed Maildir")
def _():
    s = starttls(EXIM)
    login(s, "PLAIN")
    deliver(s, ENV["LAB_MAILDIR_EXIM_RELAYED"], "someone@foreign.example")


with open(sys.argv[1], "w") as f:
    f.write("%d %d\n" % (passed, failed))
