"""Reading a ``srcset`` attribute as the HTML standard's parser does: a candidate URL may hold commas."""

from __future__ import annotations

__all__ = ["srcset_url_spans"]

_ASCII_WHITESPACE = " \t\n\r\f"


def srcset_url_spans(srcset: str) -> list[tuple[int, int]]:
    """(start, end) of each candidate URL in ``srcset``, in order (the standard's "parse a srcset attribute")."""
    spans: list[tuple[int, int]] = []
    position, length = 0, len(srcset)
    while True:
        while position < length and (srcset[position] in _ASCII_WHITESPACE or srcset[position] == ","):
            position += 1
        if position >= length:
            return spans
        start = position
        while position < length and srcset[position] not in _ASCII_WHITESPACE:
            position += 1
        end = position
        while end > start and srcset[end - 1] == ",":
            end -= 1
        if end > start:
            spans.append((start, end))
        if end < position:  # the URL ended in commas: no descriptors follow
            continue
        # Descriptors run to the next comma outside parentheses.
        in_parentheses = False
        while position < length:
            character = srcset[position]
            position += 1
            if character == "(":
                in_parentheses = True
            elif character == ")":
                in_parentheses = False
            elif character == "," and not in_parentheses:
                break
