"""A reference to a document ("RFC 5321 §4.2.3, RFC 3207 §4", "RFC 7372
§3.1 (X.7.20)", "draft-murchison-sasl-login") reads the same in every
language: it may stay unmarked in the sources and be its own German."""
import re

TOKEN = re.compile(r"[A-Z0-9§().,;:/\-]+|draft-[a-z0-9-]+[,;]?|and|or")


def is_reference(s):
    words = s.split()
    if not words or not (words[0] == "RFC" or words[0].startswith("draft-")):
        return False
    return all(TOKEN.fullmatch(w) for w in words)
