"""Body detection: the element holding the article's paragraphs, with the sibling blocks continuing it."""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import cast

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extract.generic.boilerplate import is_comment_section, without_noise
from newscrawl.extract.generic.elements import (
    block_text,
    class_hints,
    code_punctuation_count,
    comma_count,
    is_unlikely,
    link_density,
    repeats_a_pictures_description,
)
from newscrawl.extract.generic.threads import thread_posts
from newscrawl.extract.generic.title import find_title
from newscrawl.extract.generic.vocabulary import (
    BESIDE_THE_ARTICLE,
    COMMENTS_HEADING,
    DATE_IN_LINE,
    KNOWN_BODY_CLASSES,
    KNOWN_BODY_IDS,
    LEADING_BYLINE,
    NEGATIVE,
    NEVER_CONTENT,
    POSITIVE,
    RELATED_SECTION,
    SKIP_TAGS,
    TAG_WEIGHT,
)
from newscrawl.extract.page import Found, Page, top_level_elements
from newscrawl.extract.text import FoldedPattern, cjk_count, normalize_space

# Answered faster (see ``FoldedPattern``): tested on the class names of every scored block.
_POSITIVE = FoldedPattern(POSITIVE)
_NEGATIVE = FoldedPattern(NEGATIVE)
_RELATED_SECTION = FoldedPattern(RELATED_SECTION)


_PARAGRAPH_TAGS = ("p", "pre", "div", "section", "td", "article", "blockquote", "li", "font", "span")
_INLINE_CHILDREN = frozenset(("span", "a", "strong", "em", "b", "i", "font", "br"))
_XML_SPACE = " \t\n\r"  # what XPath's normalize-space() folds


def _paragraph_blocks(root: HtmlElement) -> list[HtmlElement]:
    """Paragraph-like blocks in document order, in one walk (an XPath union of ``//p``, ``//div[text()]``… walks
    the document once per branch; tests/extract/test_equivalents.py holds that XPath and checks both agree).
    Like ``//``, the walk covers every top-level element of the document (a page may hold a second ``<html>``).
    ``text()[normalize-space()]`` is a text node of the element's own (its text or a child's tail) holding more
    than XML spaces."""
    blocks: list[HtmlElement] = []
    for top in top_level_elements(root):
        for element in top.iter(*_PARAGRAPH_TAGS):
            tag = element.tag
            if tag == "p" or tag == "pre" or tag == "blockquote":
                blocks.append(element)
                continue
            if tag == "font" or tag == "span":
                if _inline_text_beside_blocks(element):
                    blocks.append(element)
                continue
            children: list[HtmlElement] = []
            holds_text = _holds_text(element.text)
            if not holds_text:
                children = list(element)
                holds_text = any(_holds_text(child.tail) for child in children)
            if holds_text:
                if tag != "li" or next(element.iter("p"), None) is None:
                    blocks.append(element)
            elif (tag == "div" or tag == "td") and children:
                kinds = [child.tag for child in children if isinstance(child.tag, str)]
                if kinds and all(kind in _INLINE_CHILDREN for kind in kinds):
                    blocks.append(element)
    return blocks


def _holds_text(text: str | None) -> bool:
    return bool(text and text.strip(_XML_SPACE))


def _own_text(element: HtmlElement) -> bool:
    """``text()[normalize-space()]``: the element's text or a child's tail holds more than XML spaces."""
    return _holds_text(element.text) or any(_holds_text(child.tail) for child in element)


def _inline_text_beside_blocks(element: HtmlElement) -> bool:
    """A ``<font>``/``<span>`` holding ``<br>``-separated text of its own, in a parent without text of its own
    that also holds a block (``<div><h2>…</h2><font>text<br>text</font></div>``)."""
    if element.find("br") is None or not _own_text(element):
        return False
    parent = element.getparent()
    if parent is None or _own_text(parent):
        return False
    return any(isinstance(sibling.tag, str) and sibling.tag not in _INLINE_CHILDREN for sibling in parent)


_LINK_TEXT_XPATH = etree.XPath("string-length(normalize-space(string(.)))")


def _class_weight(element: HtmlElement) -> int:
    hints = class_hints(element)
    return _hints_weight(hints) if hints else 0


# A pure function of the class string, cached for the process: pages and sites repeat their class names.
@functools.lru_cache(maxsize=20_000)
def _hints_weight(hints: str) -> int:
    weight = 0
    if _POSITIVE.search(hints):
        weight += 25
    if _NEGATIVE.search(hints):
        weight -= 25
    return weight


def _detect_body(root: HtmlElement) -> HtmlElement | None:
    body = _detect_body_once(root, trust_class_names=True)
    if body is None or body.tag in ("body", "html"):
        # Class names ruled out the article itself ("sidebar-grid__container"): retry trusting tags only.
        retried = _detect_body_once(root, trust_class_names=False)
        return retried if retried is not None else body
    return body


def _detect_body_once(root: HtmlElement, *, trust_class_names: bool) -> HtmlElement | None:
    # Paragraph-like blocks with enough text, and how much of it sits under every element.
    blocks: list[tuple[HtmlElement, str, int, list[HtmlElement]]] = []
    everywhere: dict[HtmlElement, int] = {}
    total = 0
    for block in _paragraph_blocks(root):
        text = normalize_space(block_text(block))
        length = len(text) + cjk_count(text)  # a CJK character carries about as much as two Latin letters
        if length < 25:
            continue
        if block.tag != "pre" and code_punctuation_count(text) > 0.03 * len(text):
            continue  # script or style text shown as text (a broken page), not prose
        ancestors = list(block.iterancestors())
        if any(ancestor.tag == "a" for ancestor in ancestors):
            continue  # text inside a link is a teaser card (a live list, "more news"), never the article
        blocks.append((block, text, length, ancestors))
        for element in (block, *ancestors):
            everywhere[element] = everywhere.get(element, 0) + length
        total += length
    if not blocks:
        # A page of a few short lines (no block reaches 25 characters): its <body> is all there is.
        body = root.find("body")
        return body if body is not None and normalize_space(body.text_content()) else None

    blocked_memo: dict[HtmlElement, bool] = dict.fromkeys(_comment_sections(root), True)

    def blocked(element: HtmlElement) -> bool:
        """Whether the element or an ancestor is unlikely to hold the article (memoised per node). Class names
        lie ("sidebar-layout", "widget rich"): an element holding half the page's text is never ruled out."""
        result = blocked_memo.get(element)
        if result is None:
            parent = element.getparent()
            if element.tag in NEVER_CONTENT or not isinstance(element.tag, str):
                unlikely = True
            elif trust_class_names:
                # Sidebars and footers by tag stay out unless they hold nearly everything.
                share = 0.8 if element.tag in SKIP_TAGS else 0.5
                unlikely = is_unlikely(element) and everywhere.get(element, 0) < share * total
            else:
                unlikely = element.tag in SKIP_TAGS and everywhere.get(element, 0) < 0.5 * total
            result = unlikely or (parent is not None and blocked(parent))
            blocked_memo[element] = result
        return result

    scores: dict[HtmlElement, float] = {}
    content: dict[HtmlElement, float] = {}
    link_lengths: dict[HtmlElement, int] = {}  # each link's text length, read once for all the candidates
    for block, text, length, ancestors in blocks:
        if blocked(block):
            continue
        # Commas count up to one per 30 characters: a comma-separated list of names is not prose.
        score: float = 1 + min(comma_count(text), length // 30 + 1) + min(length // 100, 3)
        if block.tag == "li" or next(block.iter("a"), None) is not None:
            score *= 1 - link_density(block, len(text), link_lengths)
        if block.tag in ("p", "pre", "blockquote", "li"):
            targets = [(ancestors[0], 1.0)] if ancestors else []
            if len(ancestors) > 1:
                targets.append((ancestors[1], 0.5))
        else:
            targets = [(block, 1.0)]
            if ancestors:
                targets.append((ancestors[0], 0.5))
        for target, share in targets:
            if target not in scores:
                scores[target] = TAG_WEIGHT.get(target.tag, 0) + _class_weight(target)
            scores[target] += score * share
        for ancestor in (block, *ancestors):
            content[ancestor] = content.get(ancestor, 0) + length
    if not scores:
        return None
    # A promising class name ("ArticleNoteBox") is worth little on a box holding a line or two.
    for element in scores:
        if content.get(element, 0) < 200:
            weight = _class_weight(element)
            if weight > 0:
                scores[element] -= weight

    def final(element: HtmlElement) -> float:
        text_length = len(normalize_space(element.text_content()))
        return scores[element] * (1 - link_density(element, text_length, link_lengths))

    ranked = sorted(scores, key=scores.__getitem__, reverse=True)[:8]
    # ``max(ranked, key=final)`` without reading the text of candidates that cannot win: ``final`` is at most the
    # score (or 0 for a negative score), and the first of equal values wins, as with ``max``.
    top, top_final = ranked[0], final(ranked[0])
    for element in ranked[1:]:
        if max(scores[element], 0) <= top_final:
            break  # the ranking is by score: no later candidate can win either
        value = final(element)
        if value > top_final:
            top, top_final = element, value

    # Articles split into sibling blocks (chunks, sections): climb to the nearest ancestor, a few levels up at
    # most, where the top holds well under the content; stop at link-heavy or unlikely containers.
    while True:
        top_content = content.get(top, 0)
        target = None
        for level, ancestor in enumerate(top.iterancestors()):
            if level >= 4 or ancestor.tag in ("body", "html") or blocked(ancestor):
                break
            if top_content < 0.6 * content.get(ancestor, 0):
                target = ancestor
                break
            if _known_body_rank(ancestor) is not None:
                break  # the article's own container (<div class="article">): what lies beyond it is the page
        if target is None or link_density(target, len(normalize_space(target.text_content())), link_lengths) > 0.3:
            break
        top = target

    # Known containers (itemprop=articleBody, <article>, #content, .article-content…) win when they hold most
    # of the detected content without dragging much else along; the tightest such container is taken.
    top_content = content.get(top, 0)
    top_rank = _known_body_rank(top)
    top_ancestors = set(top.iterancestors())
    best: tuple[int, float, HtmlElement] | None = None
    for element, element_content in content.items():
        if element is top or element_content < 0.7 * top_content:
            continue
        rank = _known_body_rank(element)
        if rank is None or (top_rank is not None and rank >= top_rank):
            continue
        if element in top_ancestors:
            if element_content > 1.2 * top_content:
                continue
        elif not any(ancestor is top for ancestor in element.iterancestors()):
            continue  # a container elsewhere on the page (another article, a teaser)
        if blocked(element):
            continue
        if link_density(element, len(normalize_space(element.text_content())), link_lengths) > 0.35:
            continue
        key = (rank, element_content)
        if best is None or key < best[:2]:
            best = (rank, element_content, element)
    chosen = best[2] if best else top
    posts = thread_posts(chosen)
    if posts is not None:
        return posts
    return _with_continuations(chosen, content, blocked)


def _comment_sections(root: HtmlElement) -> list[HtmlElement]:
    """Sections opened by a comment heading ("网友评论", "12 Comments") whatever their class names: readers'
    comments are never the article, and they must not draw the article's container up to the page."""
    sections = []
    for heading in root.iter("h2", "h3", "h4", "h5"):
        raw = heading.text_content()
        if len(raw) > 400:
            continue
        text = normalize_space(raw)
        if not text or not COMMENTS_HEADING.match(text):
            continue
        section = heading.getparent()
        # Only a section the heading opens: one further up that holds the article too stays.
        first = next((child for child in section if isinstance(child.tag, str)), None) if section is not None else None
        if first is heading and section.tag not in ("body", "html"):
            sections.append(section)
    return sections


def _first_class(element: HtmlElement) -> str:
    classes = (element.get("class") or "").split()
    return classes[0] if classes else ""


def _with_continuations(
    top: HtmlElement, content: dict[HtmlElement, float], blocked: Callable[[HtmlElement], bool]
) -> HtmlElement:
    """``top`` and the siblings that continue the article (``story-body-1``, ``story-body-2``, text blocks split
    by ads or newsletter boxes), as one detached ``<div>``; ``top`` itself when it stands alone."""
    if top.tag in ("body", "html"):
        return top
    top_content = content.get(top, 0)
    # The article's unit among its siblings: the highest wrapper holding no other text than ``top``.
    unit = top
    for _ in range(5):
        parent = unit.getparent()
        if parent is None or parent.tag in ("body", "html") or content.get(parent, 0) > 1.02 * top_content:
            break
        unit = parent
    parent = unit.getparent()
    if parent is None or parent.tag in ("body", "html"):
        return top
    found, top = top, unit
    top_class = _first_class(top)
    paragraph_classes = {paragraph.get("class") or "" for paragraph in top.iter("p")}

    def paragraphs_alike(sibling: HtmlElement) -> bool:
        paragraphs = [paragraph.get("class") or "" for paragraph in sibling.iter("p")]
        if not paragraphs or not paragraph_classes:
            return True
        return 2 * sum(classes in paragraph_classes for classes in paragraphs) >= len(paragraphs)

    def continues(sibling: HtmlElement, adjacent: bool, before: bool = False) -> bool:
        sibling_content = content.get(sibling, 0)
        if sibling_content <= 0 or blocked(sibling):
            return False
        hints = class_hints(sibling)
        if hints and (is_comment_section(hints) or _RELATED_SECTION.search(hints)):
            return False
        if hints and BESIDE_THE_ARTICLE.search(hints):
            return False  # a footer, sidebar or share block beside the article ("contentsFooter")
        same_kind = sibling.tag == top.tag and top_class and _first_class(sibling) == top_class
        if before and not same_kind and sibling_content < 200:
            # The dateline row above the text ("来源：某某日报 作者：… 2005年7月31日") heads the article but is not
            # part of it: it stays before the body, where the byline and date readers look.
            line = normalize_space(sibling.text_content())
            if DATE_IN_LINE.search(line) or LEADING_BYLINE.match(line):
                return False
        # Next to the article, paragraphs and intro blocks count too ("story-intro", loose <p>s).
        # Before the article an intro block counts; after it, only loose paragraphs (a box after the text is
        # more often a notice, an offer or a teaser than more of the article).
        loose = adjacent and (sibling.tag == "p" or (before and sibling_content >= 0.05 * top_content))
        # After the article, a block whose paragraphs are of another kind than the article's is a widget (a
        # paywall's "reading on another device" box with its capping__* paragraphs), however much text it holds.
        enough = (sibling_content >= 0.25 * top_content and (before or paragraphs_alike(sibling))) or loose
        if not (same_kind or enough):
            return False
        return _link_density_beside_asides(sibling) <= 0.25

    siblings = [sibling for sibling in parent if isinstance(sibling.tag, str) and sibling.tag not in NEVER_CONTENT]
    position = siblings.index(top)
    kept_set = {top}
    # Outwards from the article while each block continues it (blocks without text, such as ads, are passed).
    for run, before in ((siblings[position + 1 :], False), (siblings[:position][::-1], True)):
        for sibling in run:
            if content.get(sibling, 0) <= 0:
                continue
            if not continues(sibling, adjacent=True, before=before):
                break
            kept_set.add(sibling)
    # Further away, only blocks of the same kind or of substance ("story-body-2" after a teaser box).
    for sibling in siblings:
        if sibling not in kept_set and continues(sibling, adjacent=False):
            kept_set.add(sibling)
    kept = [sibling for sibling in siblings if sibling in kept_set]
    if len(kept) == 1:
        return found
    # Everything between the first and the last kept block that is a picture stays too (figures between
    # text blocks); other blocks in between (ads, newsletter boxes, teasers) do not.
    first, last = parent.index(kept[0]), parent.index(kept[-1])
    keep = set(kept)
    merged = cast(HtmlElement, top.makeelement("div", {}))
    for sibling in parent[first : last + 1]:
        is_media = isinstance(sibling.tag, str) and (
            sibling.tag in ("figure", "picture", "img")
            or (next(sibling.iter("img"), None) is not None and len(normalize_space(sibling.text_content())) < 200)
        )
        if sibling in keep or (is_media and not blocked(sibling)):
            child = copy.deepcopy(sibling)
            child.tail = None
            merged.append(child)
    return merged


def _link_density_beside_asides(element: HtmlElement) -> float:
    """The element's link density, its ``<aside>`` and ``<nav>`` left out: a continuation laid out like the article
    (t-online's next "StreamLayout" block) carries its own teaser column, which boilerplate removal drops."""
    if next(element.iter("aside", "nav"), None) is None:
        return link_density(element, len(normalize_space(element.text_content())))
    trimmed = copy.deepcopy(element)
    for side in list(trimmed.iter("aside", "nav")):
        if side.getparent() is not None:
            side.drop_tree()  # its tail, text of the block, stays
    return link_density(trimmed, len(normalize_space(trimmed.text_content())))


def _known_body_rank(element: HtmlElement) -> int | None:
    """0 for ``itemprop=articleBody``, 1 for a known id or class, 2 for ``<article>``; None otherwise."""
    if element.tag in ("body", "html"):
        return None  # <body class="article"> names the page type, not a container
    if element.get("itemprop") == "articleBody":
        return 0
    element_id = (element.get("id") or "").lower()
    if element_id and element_id in KNOWN_BODY_IDS:
        return 1
    classes = element.get("class")
    if classes and not KNOWN_BODY_CLASSES.isdisjoint(classes.lower().split()):
        return 1
    if element.tag == "article":
        return 2
    return None


def detected_body(page: Page) -> HtmlElement | None:
    """The body element as detected, boilerplate still in (the page's own node, or a detached merge of blocks)."""

    def compute() -> HtmlElement | None:
        root = page.selector.root
        return _detect_body(root) if isinstance(root, HtmlElement) else None

    return page.remember("detected-body", compute)


def body_node(page: Page) -> HtmlElement | None:
    def compute() -> HtmlElement | None:
        body = detected_body(page)
        if body is None:
            return None
        title = find_title(page)
        return without_noise(body, str(title.value) if title else None)

    return page.remember("body", compute)


_TEXTS_XPATH = etree.XPath(".//text()")


def text_before_body(page: Page) -> str:
    """The visible lines right before the body (the twelve nearest), joined with `` | ``: where a page without a
    headline element prints its dateline and byline."""

    def compute() -> str:
        body = detected_body(page)
        if body is None or body.getparent() is None:
            return ""
        # Walked outwards sibling by sibling: libxml2's preceding:: axis visits the whole document first.
        parts: list[str] = []
        element = body
        while element is not None and len(parts) < 12:
            for sibling in element.itersiblings(preceding=True):
                if sibling.tail and sibling.tail.strip():
                    parts.append(sibling.tail)
                if isinstance(sibling.tag, str) and sibling.tag not in ("script", "style"):
                    # Filtered in Python: an ancestor:: test in the XPath costs more than the whole walk.
                    parts.extend(text for text in reversed(_TEXTS_XPATH(sibling)) if text.strip() and (
                        text.is_tail or text.getparent().tag not in ("script", "style"))
                        and not repeats_a_pictures_description(text, normalize_space(text)))
                if len(parts) >= 12:
                    break
            parent = element.getparent()
            if parent is not None and parent.text and parent.text.strip() and len(parts) < 12:
                parts.append(parent.text)
            element = parent
        lines = [normalize_space(str(part)) for part in reversed(parts[:12])]
        return " | ".join(line for line in lines if line and len(line) <= 200)

    return page.remember("before-body", compute)


def body_lines(page: Page) -> list[str]:
    """The body's lines: the text of each block without block children, in order."""

    def compute() -> list[str]:
        body = body_node(page)
        if body is None:
            return []
        lines = [normalize_space(block.text_content()) for block in _LEAF_BLOCK_XPATH(body)]
        return [line for line in lines if line]

    return page.remember("body-lines", compute)


_LEAF_BLOCK_XPATH = etree.XPath(
    ".//*[self::p or self::div or self::td or self::li or self::section][not(.//p or .//div or .//td or .//li)]"
)


def find_body(page: Page) -> Found | None:
    """The article's body element (an lxml ``HtmlElement``; boilerplate removed from a copy when there is any).

    The caller cleans and serialises it. Without boilerplate it is the page's own node: do not mutate it if the
    page is used again."""
    body = body_node(page)
    return Found(body, "heuristic") if body is not None else None
