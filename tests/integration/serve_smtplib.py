"""An independent client for `smtpdbg serve`: Python's smtplib.

Usage: python3 serve_smtplib.py PERSONALITY PORT
Exits 0 when the server behaves as the personality promises; prints why not.
"""
import smtplib
import ssl
import sys

USER, PASSWORD = "Max Mustermann", "IchbinkeinSpammer"
MSG = "Subject: smtplib\r\n\r\nhello\r\n.leading dot\r\n"


def connect(port):
    s = smtplib.SMTP("127.0.0.1", port, timeout=10)
    s.ehlo("relay.client.com")
    return s


def tutorial(port):
    s = connect(port)
    assert s.esmtp_features.get("auth", "").strip() == "CRAM-MD5 LOGIN PLAIN", s.esmtp_features
    assert "starttls" not in s.esmtp_features
    s.quit()
    for mech in ("CRAM-MD5", "LOGIN", "PLAIN"):
        s = connect(port)
        s.user, s.password = USER, PASSWORD
        fn = {"CRAM-MD5": s.auth_cram_md5, "LOGIN": s.auth_login, "PLAIN": s.auth_plain}[mech]
        code, _ = s.auth(mech, fn)
        assert code == 235, (mech, code)
        assert s.sendmail("a@client.test", ["someone@elsewhere.test"], MSG) == {}
        s.quit()
    s = connect(port)
    try:
        s.login(USER, "wrong")
        raise AssertionError("a wrong password was accepted")
    except smtplib.SMTPAuthenticationError as e:
        assert e.smtp_code == 535 and e.smtp_error.startswith(b"5.7.8"), e
    try:
        s.sendmail("a@client.test", ["someone@elsewhere.test"], MSG)
        raise AssertionError("relayed without AUTH")
    except smtplib.SMTPRecipientsRefused as e:
        code, text = e.recipients["someone@elsewhere.test"]
        assert code == 554 and b"Relay access denied" in text, e
    s.quit()


def open_relay(port):
    s = connect(port)
    assert "auth" not in s.esmtp_features
    assert s.sendmail("nobody@invented.test", ["victim@elsewhere.test"], MSG) == {}
    s.quit()


def strict(port):
    s = connect(port)
    assert "starttls" in s.esmtp_features and "auth" not in s.esmtp_features
    code, text = s.docmd("AUTH", "PLAIN")
    assert code == 530 and text.startswith(b"5.7.0 Must issue a STARTTLS"), (code, text)
    try:
        s.sendmail("a@client.test", ["someone@elsewhere.test"], MSG)
        raise AssertionError("relayed without AUTH")
    except smtplib.SMTPRecipientsRefused as e:
        assert e.recipients["someone@elsewhere.test"][0] == 554, e
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    s.starttls(context=ctx)
    s.ehlo("relay.client.com")
    assert s.esmtp_features.get("auth", "").strip() == "PLAIN LOGIN CRAM-MD5", s.esmtp_features
    s.login(USER, PASSWORD)
    assert s.sendmail("a@client.test", ["someone@elsewhere.test"], MSG) == {}
    s.quit()


def submission(port):
    """A submission port (587): nothing but EHLO before STARTTLS, no MAIL
    before AUTH (RFC 6409 section 4.3), then mail for anyone."""
    s = connect(port)
    assert "starttls" in s.esmtp_features and "auth" not in s.esmtp_features
    code, text = s.docmd("MAIL", "FROM:<max@server.com>")
    assert code == 530 and text.startswith(b"5.7.0 Must issue a STARTTLS"), (code, text)
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    s.starttls(context=ctx)
    s.ehlo("relay.client.com")
    try:
        s.sendmail("max@server.com", ["max@server.com"], MSG)
        raise AssertionError("mail taken without AUTH")
    except smtplib.SMTPSenderRefused as e:
        assert e.smtp_code == 530 and b"Authentication required" in e.smtp_error, e
    s.login(USER, PASSWORD)
    assert s.sendmail("max@server.com", ["someone@elsewhere.test"], MSG) == {}
    s.quit()


def main():
    name, port = sys.argv[1], int(sys.argv[2])
    {"tutorial": tutorial, "open-relay": open_relay, "strict-submission": strict,
     "submission": submission}[name](port)
    print("ok", name)


if __name__ == "__main__":
    main()
