"""Searches that read as someone in crisis: they are shown help lines before any results.

Deliberately generous: showing help to someone researching the topic costs them a
glance; missing someone in crisis costs far more.
"""

import re

# Whole words after folding case, hyphens and punctuation to spaces ("Self-harm" is
# "self harm"). A trailing \w* takes in endings: suicide, suicidal, suicidality.
_PHRASES = [
    r"suicid\w*",
    r"self ?harm\w*",
    r"self ?injur\w*",
    r"kill(?:ing)? my ?self",
    r"hurt(?:ing)? my ?self",
    r"cut(?:ting)? my ?self",
    r"harm(?:ing)? my ?self",
    r"overdos\w*",
    r"(?:want|wanting|wanna|going) (?:to )?die",
    r"end(?:ing)? (?:my life|it all)",
    r"take my (?:own )?life",
    r"(?:don ?t|do not|dont) want to (?:live|be here)",
    r"no (?:reason|point) (?:to|in) liv\w*",
    r"better off dead",
]
_CRISIS = re.compile(r"\b(?:" + "|".join(_PHRASES) + r")\b")


def is_crisis_query(text):
    folded = " ".join(re.sub(r"[^\w]+", " ", (text or "").casefold()).split())
    return bool(_CRISIS.search(folded))
