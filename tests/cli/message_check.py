"""Check a message smtpdbg made with a real parser: Python's email package.

Usage: python3 message_check.py MESSAGE-FILE SPEC-JSON

SPEC-JSON says what the message must be: "headers" (name -> decoded value,
or a list of values for a field that appears more than once), "text" (the
text part, decoded, line ends as LF), "text_contains", "as_is" (a file
sent as it is: no generated fields expected), and "parts": the
files after the text, in order, each {"disposition", "type", "name",
"file"} whose decoded content must equal the file's bytes. Prints one line
per problem and exits 1 if there was any.
"""
import email
import json
import sys
from email import policy


def main():
    raw = open(sys.argv[1], "rb").read()
    spec = json.loads(sys.argv[2])
    msg = email.message_from_bytes(raw, policy=policy.default)
    problems = []

    def check(cond, what):
        if not cond:
            problems.append(what)

    for part in msg.walk():
        check(not part.defects, "defects in %s: %r" % (part.get_content_type(), part.defects))
    for name, want in spec.get("headers", {}).items():
        got = msg.get_all(name) or []
        got = [str(v) for v in got]
        if isinstance(want, list):
            check(got == want, "%s: %r, want %r" % (name, got, want))
        else:
            check(got == [want], "%s: %r, want %r" % (name, got, want))
    if not spec.get("as_is"):  # a generated message has every field
        for name in ("Date", "Message-ID", "From", "MIME-Version"):
            check(msg[name] is not None, "no %s field" % name)

    parts = spec.get("parts", [])
    if parts:
        check(msg.get_content_type() == "multipart/mixed",
              "type %s, want multipart/mixed" % msg.get_content_type())
        subparts = list(msg.iter_parts())
        text_part = subparts[0] if subparts else None
        files = subparts[1:]
    else:
        text_part, files = msg, []
    if text_part is not None:
        check(text_part.get_content_type() == "text/plain",
              "text part is %s" % text_part.get_content_type())
        text = text_part.get_content().replace("\r\n", "\n")
        if "text" in spec:
            check(text == spec["text"], "text %r, want %r" % (text, spec["text"]))
        if "text_contains" in spec:
            check(spec["text_contains"] in text, "text lacks %r: %r" % (spec["text_contains"], text))
    check(len(files) == len(parts), "%d files, want %d" % (len(files), len(parts)))
    for got, want in zip(files, parts):
        check(got.get_content_type() == want["type"],
              "%s: type %s, want %s" % (want["name"], got.get_content_type(), want["type"]))
        check(got.get_filename() == want["name"],
              "file name %r, want %r" % (got.get_filename(), want["name"]))
        check(got.get_content_disposition() == want["disposition"],
              "%s: disposition %s, want %s" % (want["name"], got.get_content_disposition(),
                                               want["disposition"]))
        check(got["Content-Transfer-Encoding"] == "base64", "%s: not Base64" % want["name"])
        data = open(want["file"], "rb").read()
        payload = got.get_payload(decode=True)
        check(payload == data, "%s: %d bytes decoded, the file has %d%s" % (
            want["name"], len(payload), len(data), "" if len(payload) != len(data) else
            " (different)"))
    # Every line of the raw message ends in CRLF (a dump) or LF (a Maildir
    # file), never a mix, and none is over 998 characters.
    lines = raw.split(b"\n")
    check(all(len(l) <= 999 for l in lines), "a line over 998 characters")
    for p in problems:
        print("FAIL: %s" % p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
