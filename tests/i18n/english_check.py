#!/usr/bin/env python3
"""Find English sentences where German is expected (issue: German part 2).

A word-list heuristic: a text is English when, outside quotes, it holds at
least two words that English has and German does not ("the", "with",
"which", ...). Quoted text ('Username:', "Relay access denied", „…“) is
protocol or a server's words and is left out, as are option names, code
words and URLs.

Usage:
  english_check.py --po CATALOGUE.po   every msgstr of the catalogue
  english_check.py --text FILE...      every line of program output
Prints each English text found; exits 1 if any."""
import re
import sys

# Words of English that are not German words too ("an", "so", "was",
# "will", "also", "man", "in", "die" are left out: German has them).
ENGLISH = {
    "the", "and", "is", "are", "with", "this", "that", "which", "from", "of",
    "for", "not", "by", "its", "or", "when", "then", "can", "must", "has",
    "have", "were", "would", "should", "their", "there", "what", "where",
    "who", "how", "only", "does", "if", "after", "before", "into", "than",
    "your", "you", "it", "be", "been", "these", "those", "they", "other",
    "each", "every", "server's", "client's", "sends", "send", "until",
}
STARTS = {"The", "This", "That", "If", "When", "Which", "You", "Your", "It", "There",
          "These", "Only", "Every", "Each"}
QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|„[^“\n]*“|‚[^‘\n]*‘|«[^»\n]*»|`[^`\n]*`")
URL = re.compile(r"\bhttps?://\S+|\b[\w.-]+@[\w.-]+")
CODEISH = re.compile(r"--[\w-]+|\b[A-Z0-9_-]{2,}\b")


def english_words(text):
    t = QUOTED.sub(" ", text)
    t = URL.sub(" ", t)
    t = CODEISH.sub(" ", t)
    # As written: German capitalises nouns ("From" is a header's name),
    # English starts sentences with "The", "If", "When".
    words = re.findall(r"[A-Za-z']+", t)
    return [w for w in words if w in ENGLISH or (w in STARTS)]


def is_english(text):
    return len(english_words(text)) >= 2


def po_entries(path):
    """(msgid, msgstr) pairs; continuation lines joined, escapes kept."""
    cur = {}
    key = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if cur.get("msgid"):
                    yield cur.get("msgid", ""), cur.get("msgstr", "")
                cur, key = {}, None
                continue
            if line.startswith("#"):
                continue
            m = re.match(r'(msgid_plural|msgid|msgstr(?:\[\d\])?)\s+"(.*)"$', line)
            if m:
                key = "msgstr" if m.group(1).startswith("msgstr") else m.group(1)
                if key == "msgstr" and cur.get("msgstr"):
                    key = "msgstr_more"
                cur[key] = cur.get(key, "") + m.group(2)
            elif key and line.startswith('"'):
                cur[key] = cur.get(key, "") + line[1:-1]
    if cur.get("msgid"):
        yield cur.get("msgid", ""), cur.get("msgstr", "")


def main():
    bad = 0
    if len(sys.argv) > 2 and sys.argv[1] == "--po":
        for msgid, msgstr in po_entries(sys.argv[2]):
            text = msgstr.replace("\\n", "\n").replace('\\"', '"')
            if is_english(text):
                print(f"English in the German of \"{msgid[:60]}\": {text[:120]!r} "
                      f"({', '.join(sorted(set(english_words(text))))})")
                bad += 1
    elif len(sys.argv) > 2 and sys.argv[1] == "--text":
        for name in sys.argv[2:]:
            with open(name, encoding="utf-8") as f:
                for no, line in enumerate(f, 1):
                    if is_english(line):
                        print(f"{name}:{no}: English: {line.strip()[:120]} "
                              f"({', '.join(sorted(set(english_words(line))))})")
                        bad += 1
    else:
        print(__doc__)
        return 2
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
