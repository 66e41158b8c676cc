"""The list's search box: text is indexed as overlapping character pairs (bigrams).

Chinese names have no spaces to split words on, and most searches are two characters (桂林,
储能), so an index of character pairs finds any substring of two or more characters without
scanning every row, on any database. Longer words are confirmed against the full text.
"""

from __future__ import annotations


def search_text(*parts: str | None) -> str:
    """The text one application is found by: title, applicant and number, lower-cased."""
    return " ".join(p.strip() for p in parts if p and p.strip()).lower()


def bigrams(text: str) -> set[str]:
    """Every pair of adjacent characters within a word of ``text``."""
    pairs: set[str] = set()
    for word in text.lower().split():
        pairs.update(word[i : i + 2] for i in range(len(word) - 1))
    return pairs


def query_words(query: str) -> list[str]:
    """The words of a search, each of which must occur (in any order)."""
    return [w for w in query.lower().split() if w]
