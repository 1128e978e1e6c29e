#!/usr/bin/env python3
"""Check a handout (smtpdbg demo/replay --html, or --markdown rendered to
HTML by cmark-gfm) with a real HTML parser.

Usage: handout_check.py html|md FILE WIRE [--css RULE]... [--text TEXT]...
       handout_check.py png FILE [--bg RRGGBB] [--color RRGGBB]...

FILE is the handout (for md: cmark-gfm's HTML of it, raw HTML let through
with --unsafe, so that any markup the handout let slip becomes an element).
WIRE holds the wire lines the table must show, one per line, in order: each
must be the text of one line of the table's Line column. --css: a rule that
must be in the style sheet (the theme's colours). --text: a text that must
appear, as text, somewhere in the body. Exits 1 with the reasons on failure.

png: a screenshot of the HTML handout (headless Chromium) must not be blank:
at least 2% of its pixels differ from the page's background (--bg, else the
top-left pixel), and each --color is drawn somewhere (the theme's colours).
"""
import struct
import sys
import zlib
from html.parser import HTMLParser

# What smtpdbg writes, and nothing else: an element or attribute outside
# these can only have come from the text it was given.
HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "p", "div", "table",
             "colgroup", "col", "thead", "tbody", "tr", "th", "td", "span", "details",
             "summary"}
HTML_ATTRS = {"lang", "charset", "http-equiv", "content", "name", "class"}
HTML_CLASSES = {"sub", "about", "party", "line", "dec", "ex", "wire", "srv", "cli", "warn",
                "note", "tls", "tag", "c2", "c3", "c4", "c5", "enh", "secret", "unexp", "notes",
                "d", "foot"}
# cmark-gfm's rendering of a Markdown handout.
MD_TAGS = {"h3", "p", "table", "thead", "tbody", "tr", "th", "td", "code", "br"}
MD_ATTRS = set()


class Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.tags = []
        self.stack = []
        self.rows = []          # each: list of cells, each: list of lines
        self.cell = None
        self.cells = None
        self.in_tbody = False
        self.style = ""
        self.body_text = []
        self.in_style = False
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag == "style":
            self.in_style = True
        if tag == "body":
            self.in_body = True
        if tag == "tbody":
            self.in_tbody = True
        if tag == "tr" and self.in_tbody:
            self.cells = []
        if tag in ("td", "th") and self.cells is not None:
            self.cell = [""]
        if tag in ("div", "br") and self.cell is not None and self.cell[-1] != "":
            self.cell.append("")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
        if tag in ("td", "th") and self.cell is not None:
            self.cells.append([c for c in self.cell if c != ""])
            self.cell = None
        if tag == "div" and self.cell is not None:
            self.cell.append("")
        if tag == "tr" and self.cells is not None:
            self.rows.append(self.cells)
            self.cells = None
        if tag == "tbody":
            self.in_tbody = False

    def handle_data(self, data):
        if self.in_style:
            self.style += data
        elif self.in_body:
            self.body_text.append(data)
        if self.cell is not None:
            self.cell[-1] += data


def png_pixels(path):
    """(width, height, rows of (r, g, b)) of an 8-bit RGB or RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError("PNG of a kind this check does not read")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, at = [], bytearray(stride), 0
    for _ in range(h):
        ft, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
        at += 1 + stride
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ft == 1:
                line[i] = (line[i] + a) & 0xff
            elif ft == 2:
                line[i] = (line[i] + b) & 0xff
            elif ft == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xff
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pr) & 0xff
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
        prev = line
    return w, h, rows


def png_main(args):
    path, bg, colors = args[0], None, []
    rest = args[1:]
    while rest:
        opt, val, rest = rest[0], rest[1], rest[2:]
        rgb = tuple(int(val[i:i + 2], 16) for i in (0, 2, 4))
        if opt == "--bg":
            bg = rgb
        else:
            colors.append(rgb)
    w, h, rows = png_pixels(path)
    bg = bg or rows[0][0]
    seen, other = set(), 0
    for r in rows:
        for px in r:
            if px != bg:
                other += 1
            seen.add(px)
    problems = []
    if rows[0][0] != bg:
        problems.append("the page's background is %02x%02x%02x" % rows[0][0])
    if other < w * h * 0.02:
        problems.append("blank: only %d of %d pixels differ from the background" % (other, w * h))
    for c in colors:
        if c not in seen:
            problems.append("no pixel of colour %02x%02x%02x" % c)
    for pr in problems:
        print("FAIL: %s: %s" % (path, pr))
    if not problems:
        print("%s: %dx%d, %d%% drawn, %d colours" % (path, w, h, 100 * other // (w * h), len(seen)))
    sys.exit(1 if problems else 0)


def main():
    args = sys.argv[1:]
    if args[:1] == ["png"] and len(args) >= 2:
        png_main(args[1:])
    if len(args) < 3 or args[0] not in ("html", "md"):
        sys.exit(__doc__)
    kind, path, wire_path = args[0], args[1], args[2]
    css, texts = [], []
    rest = args[3:]
    while rest:
        opt, val, rest = rest[0], rest[1], rest[2:]
        (css if opt == "--css" else texts).append(val)
    with open(path, encoding="utf-8") as f:
        doc = f.read()
    with open(wire_path, encoding="utf-8") as f:
        wire = [l.rstrip("\n") for l in f if l.strip()]
    p = Parser()
    p.in_body = kind == "md"  # cmark-gfm writes a fragment
    p.feed(doc)
    p.close()
    problems = []
    tags = HTML_TAGS if kind == "html" else MD_TAGS
    attrs = HTML_ATTRS if kind == "html" else MD_ATTRS
    for tag, at in p.tags:
        if tag not in tags:
            problems.append("element <%s> that smtpdbg does not write" % tag)
        for name, value in at:
            if name not in attrs:
                problems.append("attribute %s=%r on <%s>" % (name, value, tag))
            if name == "class" and kind == "html":
                for c in (value or "").split():
                    if c not in HTML_CLASSES:
                        problems.append("class %r on <%s>" % (c, tag))
    if kind == "html":
        if not doc.startswith("<!DOCTYPE html>"):
            problems.append("no doctype")
        csp = [v for t, at in p.tags if t == "meta" for n, v in at if n == "content"
               and "default-src 'none'" in (v or "")]
        if not csp:
            problems.append("no Content-Security-Policy")
        for rule in css:
            if rule not in p.style:
                problems.append("style sheet lacks %r" % rule)
    for r in p.rows:
        if len(r) != 4:
            problems.append("a row with %d cells, not 4: %r" % (len(r), r))
    # The Line column, line by line, in order.
    lines = [l for r in p.rows if len(r) == 4 for l in r[1]]
    at = 0
    for w in wire:
        try:
            at = lines.index(w, at) + 1
        except ValueError:
            problems.append("wire line missing (or out of order): %r" % w)
    body = "".join(p.body_text)
    for t in texts:
        if t not in body:
            problems.append("text missing: %r" % t)
    for pr in problems:
        print("FAIL: %s: %s" % (path, pr))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
