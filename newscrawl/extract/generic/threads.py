"""Forum threads: when the detected body is one post of a thread, the body is every post's message, in order.

Forum software (Discuz!, phpBB, vBulletin, MyBB, Discourse…) prints each post as a unit with a numbered id
(``post_10001``, ``pid10001``, ``p123``, ``post_message_77``); the posts together are the page's content, but
body detection finds only the longest message. The message is found at the same place in every unit, so user
info, signatures and reply buttons, which sit beside it, stay out; quote boxes (text repeated from an earlier
post) are dropped from the copies.
"""

from __future__ import annotations

import copy
import re
from typing import cast

from lxml.html import HtmlElement

from newscrawl.extract.text import normalize_space

# A post unit's id: a word naming a post or message and its number (Discuz! post_1 pid1 postmessage_1, phpBB and
# FluxBB p1, vBulletin post1 post_message_1 edit1, MyBB pid_1, SMF msg1, XenForo post-1 js-post-1, Tieba
# post_content_1, Invision elComment_1).
_POST_UNIT_ID = re.compile(
    r"^(?:js-post-|post[_-]?|pid_?|p|msg_?|message_?|reply_?|edit|postcontainer_?|post_?message_?|post_content_?|"
    r"post_?id_?|elComment_)\d+$",
    re.I,
)

# WordPress gives "post-123" to its blog post's <article>, and a single post's page may append the next posts
# (infinite scroll) with the same markup: there the id does not make a thread.
_BLOG_POST_ID = re.compile(r"^post-\d+$")

_NUMBER = re.compile(r"\d+")

# Quote boxes inside a message: the earlier post quoted again.
_QUOTE_CLASS = re.compile(r"(?:^|\s)(?:quote|bbcode_quote|quotecontent|quote-container|bbcode_container)(?:\s|$)")

_MOST_LEVELS = 12


def _shape(element: HtmlElement) -> tuple[str, str, str]:
    """What identifies an element at its place in every post: tag, class, and id with its number taken out."""
    return (str(element.tag), element.get("class") or "", _NUMBER.sub("#", element.get("id") or ""))


def _first_word(classes: str) -> str:
    words = classes.split()
    return words[0] if words else ""


def _follow_shapes(unit: HtmlElement, shapes: list[tuple[str, str, str]]) -> HtmlElement | None:
    """The element at the same place in another post: the child of each step's shape, or, when no child has
    that very class, of the same tag, first class word and id (the other class words vary from post to post:
    vBulletin's "postrow has_after_content" when the post has a signature)."""
    element = unit
    for tag, classes, numbered in shapes:
        children = [child for child in element if child.tag == tag]
        same = next((child for child in children if _shape(child) == (tag, classes, numbered)), None)
        if same is None:
            word = _first_word(classes)
            same = next((
                child for child in children
                if _first_word(child.get("class") or "") == word and _NUMBER.sub("#", child.get("id") or "") == numbered
            ), None)
        if same is None:
            return None
        element = same
    return element


def thread_posts(found: HtmlElement) -> HtmlElement | None:
    """Every post's message as one detached ``<div>`` when ``found`` is (inside) one post of a thread, else None."""
    if found.getparent() is None:
        return None  # a detached merge of blocks: not one post
    shapes: list[tuple[str, str, str]] = []
    unit = found
    for _ in range(_MOST_LEVELS):
        parent = unit.getparent()
        if parent is None or unit.tag in ("body", "html"):
            return None
        unit_id = unit.get("id") or ""
        if _POST_UNIT_ID.match(unit_id) and not (unit.tag == "article" and _BLOG_POST_ID.match(unit_id)):
            numbered = _NUMBER.sub("#", unit_id)
            # The other posts, wherever they are (a thread's first post is often apart from the replies).
            units = [
                element for element in unit.getroottree().iter(unit.tag)
                if _NUMBER.sub("#", element.get("id") or "") == numbered
            ]
            if len(units) >= 2:
                return _messages(units, shapes[::-1])
        shapes.append(_shape(unit))
        unit = parent
    return None


def _messages(units: list[HtmlElement], shapes: list[tuple[str, str, str]]) -> HtmlElement | None:
    messages = [message for message in (_follow_shapes(unit, shapes) for unit in units) if message is not None]
    if len(messages) < 2:
        return None
    merged = cast(HtmlElement, messages[0].makeelement("div", {}))
    for message in messages:
        child = copy.deepcopy(message)
        child.tail = None
        length = len(normalize_space(child.text_content()))
        for quote in [
            element for element in child.iter("blockquote", "div", "table")
            if element is not child and (element.tag == "blockquote" or _QUOTE_CLASS.search(element.get("class") or ""))
        ]:
            # A blockquote holding the whole message is the message (vBulletin writes posts in one).
            if quote.getparent() is not None and length - len(normalize_space(quote.text_content())) >= 10:
                quote.drop_tree()
        if child.tag in ("td", "th", "li", "tr", "tbody"):
            # A table cell or list item outside its table or list: its content goes into a block of its own.
            block = cast(HtmlElement, child.makeelement("div", {}))
            block.text = child.text
            block.extend(list(child))
            child = block
        merged.append(child)
    return merged
