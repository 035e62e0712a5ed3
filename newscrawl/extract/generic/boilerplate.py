"""Boilerplate inside a detected body (share bars, related lists, credits, notices), removed from a copy."""

from __future__ import annotations

import copy
import functools
from itertools import islice
from typing import NamedTuple

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extract.generic.elements import (
    LINKS_XPATH,
    class_hints,
    comparable,
    element_text,
    has_media,
    holds_prose,
    link_density,
    overlap,
    short_text,
    text_parts_without_media,
)
from newscrawl.extract.generic.vocabulary import (
    AD_LABEL,
    AGENCY_ENDINGS,
    BUTTON_HINTS,
    CAPTION_HINTS,
    COMMENT_WORD,
    COMMENTS_HEADING,
    CREDIT_END,
    CREDIT_MARKS,
    DATE_IN_LINE,
    FOLDED_LETTER,
    HIDDEN_STYLE,
    HIDDEN_WORD,
    LEADING_BYLINE,
    MAYBE,
    META_HINTS,
    NOISE_ANYWHERE,
    NOISE_TAGS,
    NOISE_TEXT,
    NOT_A_SECTION,
    NOTICE_WORDS,
    READING_LIST,
    RELATED_SECTION,
    SENTENCE_END,
    SHOWN_AGAIN,
    SIGNATURE,
    SOFT_NOISE,
    UNLIKELY,
)
from newscrawl.extract.text import FoldedPattern, cjk_count, normalize_space

# The class-name patterns tested on every element of the body, answered faster (see ``FoldedPattern``).
_UNLIKELY = FoldedPattern(UNLIKELY)
_SIGNATURE = FoldedPattern(SIGNATURE)
_CAPTION_HINTS = FoldedPattern(CAPTION_HINTS)
_SOFT_NOISE = FoldedPattern(SOFT_NOISE)
_META_HINTS = FoldedPattern(META_HINTS)
_MAYBE = FoldedPattern(MAYBE)
_RELATED_SECTION = FoldedPattern(RELATED_SECTION)
_COMMENT_WORD = FoldedPattern(COMMENT_WORD)
_NOT_A_SECTION = FoldedPattern(NOT_A_SECTION)
_HIDDEN_WORD = FoldedPattern(HIDDEN_WORD)
_SHOWN_AGAIN = FoldedPattern(SHOWN_AGAIN)
_HIDDEN_STYLE = FoldedPattern(HIDDEN_STYLE)


def _ends_in_credit(tail: str) -> bool:
    """``CREDIT_END.search(tail)``, the pattern run only when ``tail`` can hold a credit."""
    if not any(mark in tail for mark in CREDIT_MARKS):
        end = tail.rstrip()
        if end[-1:] in (")", "）"):
            end = end[:-1].rstrip()
        if not end.lower().endswith(AGENCY_ENDINGS) and not FOLDED_LETTER.search(end[-20:]):
            return False
    return CREDIT_END.search(tail) is not None


def _reads_as_a_sentence(text: str) -> bool:
    """A Chinese line with a clause comma that ends in a full stop ("记者通过电子邮件联系了富士康，截至发稿时，尚未收到
    回应。") is a sentence of the article that starts with a byline word, not a byline."""
    return "，" in text and text.endswith(("。", "！", "？", "”"))


def _holds_notice(text: str) -> bool:
    """``NOISE_ANYWHERE.search(text)``, the pattern run only when ``text`` can hold a notice."""
    if any(word in text for word in NOTICE_WORDS):
        return True
    if "all rights reserved" in text.lower():
        return True
    return FOLDED_LETTER.search(text) is not None and NOISE_ANYWHERE.search(text) is not None




_TEXT_NODES_XPATH = etree.XPath(".//text()[normalize-space()][not(ancestor::script or ancestor::style)]")


def is_comment_section(hints: str) -> bool:
    return any(_COMMENT_WORD.match(word) and not _NOT_A_SECTION.search(word) for word in hints.split())


def _hidden_by_class(hints: str) -> bool:
    words = hints.split()
    return any(_HIDDEN_WORD.match(word) for word in words) and not any(_SHOWN_AGAIN.search(word) for word in words)


_NOISE_CANDIDATE_ATTRIBUTES = frozenset(("class", "id", "hidden", "style", "aria-hidden"))
_NOISE_CANDIDATE_TAGS = frozenset(("nav", "aside", "form", "button", "header", "h1", "figcaption", "label", "select"))


def _noise_candidates(body: HtmlElement) -> list[HtmlElement]:
    """Elements below ``body`` with a class, id, hidden, style or aria-hidden attribute, or of a tag that is noise
    by itself, in document order: reading each element's attribute names once costs less than an XPath predicate
    of thirteen tests on every element (tests/extract/test_equivalents.py checks both agree)."""
    candidates: list[HtmlElement] = []
    elements = body.iter()
    next(elements)  # the body itself
    for element in elements:
        tag = element.tag
        if isinstance(tag, str) and (
            tag in _NOISE_CANDIDATE_TAGS or not _NOISE_CANDIDATE_ATTRIBUTES.isdisjoint(element.keys())
        ):
            candidates.append(element)
    return candidates






# The three walks below use lxml's tag-filtered iteration: the XPaths they replace (kept in
# tests/extract/test_equivalents.py, which checks both agree) evaluate their predicates (counts over subtrees,
# ancestor tests up to the document root) on every element, several times slower.


def _link_blocks(body: HtmlElement) -> list[HtmlElement]:
    """Lists, divs, sections and tables holding three links or more."""
    return [element for element in body.iter("ul", "ol", "div", "section", "table")
            if element is not body and sum(1 for _ in islice(element.iterdescendants("a"), 3)) >= 3]


def _toolbar_candidates(body: HtmlElement) -> list[HtmlElement]:
    """Lists, divs, sections and paragraphs with four child elements or more."""
    return [element for element in body.iter("ul", "ol", "div", "section", "p")
            if element is not body and len(element) >= 4
            and sum(1 for child in element if isinstance(child.tag, str)) >= 4]


def _leaf_blocks(body: HtmlElement) -> list[HtmlElement]:
    """Paragraphs and divs holding no paragraph, div or list item, and not inside a
    ``<pre>``, ``<p>`` or ``<table>`` (the body's own ancestors included)."""
    if any(ancestor.tag in ("pre", "p", "table") for ancestor in body.iterancestors()):
        return []
    inside: set[HtmlElement] = set()
    for container in body.iter("pre", "p", "table"):
        if container is not body:
            inside.update(container.iterdescendants("p", "div"))
    return [element for element in body.iter("p", "div")
            if element is not body and element not in inside
            and not any(child.tag in ("p", "div", "li") for child in element)]


def _teaser_cards(body: HtmlElement, most_text: int) -> list[HtmlElement]:
    """Cards of a teaser grid inside ``body``: for each heading that is wholly one link, the largest block around it
    holding no other heading and under 400 characters; cards count only two or more to a parent, together
    holding at most ``most_text`` characters."""
    cards_by_parent: dict[HtmlElement, list[tuple[HtmlElement, int]]] = {}
    for heading in body.iter("h2", "h3", "h4"):
        links = heading.findall(".//a[@href]")
        heading_text = normalize_space(heading.text_content())
        if len(links) != 1 or not heading_text or len(normalize_space(links[0].text_content())) < 0.9 * len(
                heading_text):
            continue
        card, card_length = heading, len(heading_text)
        for ancestor in heading.iterancestors():
            if ancestor is body:
                break
            text = short_text(ancestor, 400)
            if text is None or sum(1 for _ in ancestor.iter("h2", "h3", "h4")) > 1 or _holds_a_paragraph(ancestor):
                break
            card, card_length = ancestor, len(text)
        parent = card.getparent()
        if card is not heading and parent is not None:
            cards_by_parent.setdefault(parent, []).append((card, card_length))
    teasers: list[HtmlElement] = []
    for cards in cards_by_parent.values():
        if len(cards) >= 2 and sum(length for _, length in cards) <= most_text:
            teasers.extend(card for card, _ in cards)
    return teasers


def _holds_a_paragraph(element: HtmlElement) -> bool:
    """Whether a paragraph of prose (over 300 characters) is inside: an article's section, not a teaser."""
    return any(len(normalize_space(paragraph.text_content())) > 300 for paragraph in element.iter("p"))


def _path_from(ancestor: HtmlElement, element: HtmlElement) -> list[int]:
    path: list[int] = []
    node = element
    while node is not ancestor:
        parent = node.getparent()
        if parent is None:
            return []
        path.append(parent.index(node))
        node = parent
    return path[::-1]


def _follow(element: HtmlElement, path: list[int]) -> HtmlElement:
    for index in path:
        element = element[index]
    return element


class _NoiseFlags(NamedTuple):
    """What a class/id string says about an element inside the body (see ``_noise_in``)."""

    unlikely: bool = False
    soft: bool = False
    hidden: bool = False
    meta: bool = False


_NO_FLAGS = _NoiseFlags()


# A pure function of the class string, cached for the process: pages and sites repeat their class names.
@functools.lru_cache(maxsize=20_000)
def _noise_flags(hints: str) -> _NoiseFlags:
    """The class-name tests ``_noise_in`` asks of every element."""
    return _NoiseFlags(
        unlikely=_UNLIKELY.search(hints) or _SIGNATURE.search(hints),
        soft=_CAPTION_HINTS.search(hints) or _SOFT_NOISE.search(hints),
        hidden=_hidden_by_class(hints),
        meta=_META_HINTS.search(hints) and not _MAYBE.search(hints),
    )


# Asked only of elements already found noisy (few): kept apart from the tests every element needs.
@functools.lru_cache(maxsize=20_000)
def _section_kind(hints: str) -> tuple[bool, bool]:
    """Whether class/id ``hints`` name a related-posts section, and a comment section."""
    return _RELATED_SECTION.search(hints), is_comment_section(hints)


def _noise_in(body: HtmlElement, title: str | None = None) -> list[tuple[HtmlElement, bool]]:
    """(element, with everything after it) pairs of boilerplate inside ``body``."""
    total = len(normalize_space(body.text_content())) or 1
    found: list[tuple[HtmlElement, bool]] = []
    seen: set[HtmlElement] = set()

    def inside_found(element: HtmlElement) -> bool:
        return bool(seen) and any(ancestor in seen for ancestor in element.iterancestors())

    title_key = comparable(title) if title else ""
    for element in _noise_candidates(body):
        tag = element.tag
        hints = class_hints(element)
        flags = _noise_flags(hints) if hints else _NO_FLAGS
        # Inside the body a class name saying "related", "share", "newsletter"… is not rescued by "content"
        # ("related-content", "share-content"): the article container is already chosen.
        noisy = tag in NOISE_TAGS or flags.unlikely
        if tag == "h1" and title_key and overlap(comparable(element_text(element)), title_key) < 0.5:
            noisy = False  # a heading of the text, not the headline (a field of its own)
        limit = int(0.3 * total)
        # Soft noise: its text goes, the pictures it holds stay (captions, video placeholders, hidden galleries).
        soft = False
        if not noisy and (tag == "figcaption" or flags.soft):
            noisy = soft = True
        if not noisy and (
            flags.hidden
            or element.get("hidden") is not None
            or element.get("aria-hidden") == "true"
            or _HIDDEN_STYLE.search(element.get("style") or "")
        ):
            # Not shown to readers (screen-reader labels, collapsed offers, templates); a picture hidden until a
            # script shows it (lazy loading, formula fallbacks) stays.
            noisy = soft = True
        if not noisy and flags.meta:
            noisy, limit = True, min(limit, 160)  # byline, date, kicker lines above or below the text
        if not noisy or element in seen or inside_found(element):
            continue
        related, comments = _section_kind(hints) if hints else (False, False)
        if soft and has_media(element):
            if short_text(element, limit) is not None and not holds_prose(element):
                for part in text_parts_without_media(element):
                    if part not in seen:
                        found.append((part, False))
                        seen.add(part)
            continue
        if related and short_text(element, int(0.6 * total)) is not None:
            # Related-posts boxes hold excerpts that read like prose; they go whole.
            found.append((element, False))
            seen.add(element)
            continue
        if comments:
            # A comment section is never the article, however much it holds.
            if short_text(element, int(0.8 * total)) is not None:
                found.append((element, False))
                seen.add(element)
            continue
        if short_text(element, limit) is not None and not holds_prose(element):
            found.append((element, False))
            seen.add(element)
    # Short labels repeated through the body ("Article content", "Advertisement", "Anzeige"), and the headline
    # repeated inside it.
    counts: dict[str, list[HtmlElement]] = {}
    leaf_blocks = _leaf_blocks(body)
    for element in leaf_blocks:
        text = short_text(element, 300)
        if not text:
            continue
        if title_key and len(title_key) >= 8 and comparable(text) == title_key and not has_media(element):
            if element not in seen and not inside_found(element):
                found.append((element, False))
                seen.add(element)
            continue
        if len(text) <= 30 and len(text.split()) <= 4 and cjk_count(text) <= 6:
            counts.setdefault(text, []).append(element)
        if len(text) <= 100 and not has_media(element) and (
            (DATE_IN_LINE.search(text) and len(DATE_IN_LINE.sub("", text)) < 45)
            or (len(text) <= 60 and LEADING_BYLINE.match(text) and not _reads_as_a_sentence(text))
        ):
            # A date line ("Publié le 18 juil. 2024 à 08:01", "Stand: 22.04.2024") or a byline anywhere.
            if element not in seen and not inside_found(element):
                found.append((element, False))
                seen.add(element)
            continue
        elif (
            len(text) <= 160
            and not has_media(element)
            and len(LINKS_XPATH(element)) <= 3
            and link_density(element, len(text)) > 0.9
            and element not in seen
            and not inside_found(element)
        ):
            # A line that is one link: a teaser of another article ("… | mehr", "READ MORE: …").
            found.append((element, False))
            seen.add(element)
    # The article's header inside the body: kicker, dateline, byline and date lines before the first paragraph.
    for element in leaf_blocks if total >= 500 else ():
        if next(element.iter("img", "picture", "video", "iframe"), None) is not None:
            continue
        text = short_text(element, 200)
        if text is None:
            break
        if not text:
            continue
        weight = len(text) + cjk_count(text)
        if weight >= 120:
            break
        if (
            (weight < 60 and not text.endswith(SENTENCE_END))
            or weight < 25
            or LEADING_BYLINE.match(text)
            or DATE_IN_LINE.search(text)
        ):
            if element not in seen and not inside_found(element):
                found.append((element, False))
                seen.add(element)
            continue
        break
    # Tool bars: four or more links or buttons with a word or two each ("Share", "Save", "Print", "シェア").
    for element in _toolbar_candidates(body):
        if element in seen or inside_found(element):
            continue
        text = short_text(element, 120)
        if not text or has_media(element):
            continue
        items = [child for child in element if isinstance(child.tag, str)]
        links = LINKS_XPATH(element)
        if links and link_density(element, len(text)) < 0.75:
            continue  # text between the links ("宮崎県：延岡市、西都市、…"): a sentence of links, not a tool bar
        if all(
            len(normalize_space(child.text_content())) <= 14
            and (
                child.tag in ("a", "button")
                or next(child.iter("a", "button"), None) is not None
                or BUTTON_HINTS.search(class_hints(child))
            )
            for child in items
        ):
            found.append((element, False))
            seen.add(element)
    for text, elements in counts.items():
        if len(elements) >= 3 or (len(elements) >= 2 and AD_LABEL.match(text)):
            for element in elements:
                if element not in seen and not inside_found(element) and not has_media(element):
                    found.append((element, False))
                    seen.add(element)
    # Link lists inside the body (teasers, tag clouds, "more on this" without a telling class name).
    for element in _link_blocks(body):
        if element in seen or inside_found(element):
            continue
        text = short_text(element, int(0.3 * total))
        if text and link_density(element, len(text)) > 0.6:
            found.append((element, False))
            seen.add(element)
    # Teaser cards: two or more short blocks side by side, each headed by a link to another story (a related-posts
    # grid without a telling class name: "<h3><a>Title</a></h3> author · date · excerpt").
    for card in _teaser_cards(body, int(0.3 * total)):
        if card not in seen and not inside_found(card):
            found.append((card, False))
            seen.add(card)
    # Marker texts ("责任编辑：…", "相关阅读") are found through the text nodes: far fewer regex runs and
    # text_content() calls than testing every element.
    for node in _TEXT_NODES_XPATH(body):
        line = node.strip()
        credit = _ends_in_credit(line[-120:])  # the pattern is anchored at the end
        if not (
            credit or READING_LIST.match(line) or NOISE_TEXT.match(line) or COMMENTS_HEADING.match(line)
            or _holds_notice(line)
        ):
            continue
        element = node.getparent()
        if element is None:
            continue
        if node.is_tail:
            element = element.getparent()
        if element is None or element is body or element in seen or inside_found(element):
            continue
        text = short_text(element, 300)
        if not text:
            continue
        reading_list = bool(READING_LIST.match(text))
        comments_heading = len(text) < 80 and bool(COMMENTS_HEADING.match(text))
        if not (
            reading_list
            or comments_heading
            or NOISE_TEXT.match(text)
            or (len(text) <= 120 and _holds_notice(text))
            or (credit and _ends_in_credit(text[-120:]) and not holds_prose(element))
        ):
            continue
        if has_media(element):
            continue  # a credit inside a figure: the picture stays
        # Take the largest wrapper holding nothing but this text (and no picture).
        parent = element.getparent()
        while (
            parent is not None
            and parent is not body
            and short_text(parent, len(text)) == text
            and not has_media(parent)
        ):
            element, parent = parent, parent.getparent()
        if element in seen:
            continue
        following = reading_list and len(text) < 40
        if comments_heading:
            # The comments after their heading are prose, not links: they go while they are not most of the body.
            after_text = sum(len(normalize_space("".join(sibling.itertext()))) for sibling in element.itersiblings("*"))
            following = after_text < 0.5 * total
        elif following:
            # "相关新闻：" high up (above a video or the first paragraph) heads a short list, not the page's end.
            after_text = after_links = 0
            for sibling in element.itersiblings("*"):
                after_text += len(normalize_space("".join(sibling.itertext())))
                after_links += sum(len(normalize_space(link.text_content())) for link in LINKS_XPATH(sibling))
            # Only a list of links, or a short tail, goes with it: "Lesen Sie auch: <link>" mid-article is one line.
            following = after_text < 0.15 * total or (after_text < 0.4 * total and after_links > 0.5 * after_text)
        found.append((element, following))
        seen.add(element)
    return found


def without_noise(body: HtmlElement, title: str | None = None) -> HtmlElement:
    noise = _noise_in(body, title)
    if not noise:
        return body
    paths = [(_path_from(body, element), following) for element, following in noise]
    clean = copy.deepcopy(body)
    clean.tail = None
    targets = [(_follow(clean, path), following) for path, following in paths if path]
    for element, following in targets:
        if following:
            for sibling in list(element.itersiblings()):
                if sibling.getparent() is not None:
                    sibling.drop_tree()
        if element.getparent() is not None:
            element.drop_tree()
    return clean
