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


# A search is a few words someone typed: beyond these it is pasted text, which would only make
# a query too large for the database (2,000 words raised an error) and find nothing anyway.
MAX_SEARCH_WORDS = 8
MAX_SEARCH_CHARACTERS = 60


def query_words(query: str) -> list[str]:
    """The words of a search, each of which must occur (in any order); only the first
    MAX_SEARCH_WORDS words of the first MAX_SEARCH_CHARACTERS characters count."""
    return [w for w in query[:MAX_SEARCH_CHARACTERS].lower().split() if w][:MAX_SEARCH_WORDS]


def search_problem(query: str) -> str | None:
    """What to tell someone whose search is longer than a search can be, or None."""
    if len(query) > MAX_SEARCH_CHARACTERS:
        return f"搜索内容最多 {MAX_SEARCH_CHARACTERS} 个字，超出部分未用于搜索；请只输入名称或编号中的关键字"
    if len(query.split()) > MAX_SEARCH_WORDS:
        return f"搜索词最多 {MAX_SEARCH_WORDS} 个（以空格分隔），其余的未用于搜索；请减少搜索词"
    return None
