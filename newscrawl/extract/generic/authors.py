"""Authors: declared metadata, byline elements, then bylines printed in the text (Chinese labels)."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extract import metadata
from newscrawl.extract.body import text_lines
from newscrawl.extract.bylines import (
    CJK_NAME,
    DOMAIN,
    NOT_A_NAME,
    OTHER_CJK_NAME,
    bracketed_writer,
    chinese_editors,
    chinese_source,
    chinese_writers,
    has_editor_label,
    is_chinese_name,
    is_pen_name,
    outlet_beside_the_date,
    outlet_slot,
    split_authors,
)
from newscrawl.extract.generic.body import body_lines, detected_body, text_before_body
from newscrawl.extract.generic.dateline import headline_element, text_after_headline
from newscrawl.extract.generic.elements import (
    attributed_elements,
    class_hints,
    comparable,
    element_text,
    is_unlikely_chain,
    short_text,
)
from newscrawl.extract.generic.title import find_title, site_names
from newscrawl.extract.generic.vocabulary import AUTHOR_CLASS, AUTHOR_ID, INFO_CLASS, INFO_ID
from newscrawl.extract.page import Found, Page, top_level_elements
from newscrawl.extract.text import CJK_CHARACTER, cjk_count, normalize_space

_ITEMPROP_NAME_XPATH = etree.XPath('.//*[@itemprop="name"]')
# Inside a byline, the links the page marks as its authors' ("By <a rel=author>A</a><br>The Outlet"), and the
# formatted names of hCard microformats ("<cite class=byline><span>By </span><span class=fn>A</span><abbr>date").
_AUTHOR_LINK_XPATH = etree.XPath('.//a[@rel="author"]')
_HCARD_NAME_XPATH = etree.XPath('.//*[contains(concat(" ", normalize-space(@class), " "), " fn ")]')
# A byline's line crediting an editor, not a writer ("Written by A<br>Edited by B").
_EDITOR_LINE = re.compile(r"^(?:edited|editing|editor|redigiert|redaktion:|rédigé|édité|editado)\b", re.IGNORECASE)


# "石佳/中国青年报" on a line of its own under the headline: author / source (澎湃新闻's convention).
_NAME_SLASH_SOURCE = re.compile(r"^([\u4e00-\u9fff]{2,4})\s*/\s*[\u4e00-\u9fff\w]{2,12}$")


def _name_over_source(page: Page) -> list[str]:
    for line in text_after_headline(page).split(" | ")[:6]:
        match = _NAME_SLASH_SOURCE.match(line)
        if match and not NOT_A_NAME.match(match.group(1)):
            return [match.group(1)]
    return []


def _chinese_page(page: Page) -> bool:
    """Whether the page is Chinese: declared so, or declaring no language with ideographs and no kana or hangul
    in its title (Japanese and Korean names have shapes of their own)."""
    def compute() -> bool:
        title = find_title(page)
        text = str(title.value) if title else ""
        han_title = bool(CJK_CHARACTER.search(text)) and not _KANA_OR_HANGUL.search(text)
        declared = metadata.find_declared_language(page.selector)
        if declared:
            language = str(declared.value).lower()
            if language.startswith("zh"):
                return True
            # A template's default ("<html lang="en">" on 游民星空) over a title written in Han characters: the text
            # is Chinese. Japanese and Korean declarations stand (their titles may be all kanji / hanja).
            return not language.startswith(("ja", "ko")) and han_title and 2 * cjk_count(text) >= len(text)
        return han_title

    return page.remember("chinese-page", compute)


_KANA_OR_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")


def _byline_texts(page: Page) -> list[str]:
    """Short texts where bylines live, most trusted first: the lines under the headline (the dateline), the
    lines before the body, info, source and editor elements, the body's first lines."""
    texts = [text_after_headline(page), text_before_body(page)]
    info_elements = [element for element, classes, identifier in attributed_elements(page)
                     if INFO_CLASS.search(classes) or INFO_ID.search(identifier)]
    for element in info_elements[:40]:
        text = short_text(element, 200)
        if text:
            texts.append(text)
    texts.extend(line[:120] for line in body_lines(page)[:3])  # a dateline opens the first paragraph
    return texts


def _closing_lines(page: Page) -> list[str]:
    """The body's last lines, where Chinese pages sign off ("（张巨峰）", "（记者 …）")."""
    return [line for line in body_lines(page)[-3:] if len(line) <= 400]


def _chinese_writers(page: Page) -> list[str]:
    for text in _byline_texts(page)[1:]:  # the lines under the headline were read first
        names = chinese_writers(text)
        if names:
            return names
    names = _name_over_source(page)
    if names:
        return names
    closing = _closing_lines(page)
    for text in reversed(closing):
        names = chinese_writers(text[-80:])
        if names:
            return names
    for text in reversed(closing):
        signature = bracketed_writer(text)
        if signature:
            return [signature]
    return []


def _last_body_line(page: Page) -> int | None:
    """The source line of the body's last element (None when unknown)."""
    body = detected_body(page)
    if body is None:
        return None
    last = body
    while len(last):  # the last element in document order
        last = last[-1]
    return last.sourceline or body.sourceline


def _element_names(element: HtmlElement, chinese: bool, sites: set[str]) -> list[str]:
    """Names in a byline element."""
    named = _ITEMPROP_NAME_XPATH(element) or _AUTHOR_LINK_XPATH(element) or _HCARD_NAME_XPATH(element)
    texts = [element_text(node) for node in named] if named else [element_text(element)]
    texts = [text for text in texts if 0 < len(text) <= 120]
    if not texts:
        return []
    if chinese and CJK_CHARACTER.search(" ".join(texts)):
        names = [name for text in texts for name in chinese_writers(text)]
        if not names and not _LABELLED.search(" ".join(texts)):
            # The element holds the names alone ("<span class=author>张三</span>", "王文<p>某研究院院长</p>").
            pieces = [normalize_space(piece) for node in (named or [element]) for piece in node.itertext()]
            pieces = [piece for piece in pieces if piece]
            names = [piece for piece in pieces if is_chinese_name(piece)]
            if not names and len(pieces) == 1 and is_pen_name(pieces[0]) and _links_to_a_person(element):
                names = pieces  # a pen name alone in the author's element, linked to their page ("阑夕")
    elif CJK_CHARACTER.search(" ".join(texts)):
        names = [name for name in split_authors(texts) if CJK_NAME.match(name) or OTHER_CJK_NAME.match(name)]
    elif named:
        names = split_authors(texts)
    else:
        lines = text_lines(element)  # joined with spaces: "A<br>B" is not "AB"
        whole = " ".join(lines)
        names = split_authors([whole]) if len(whole) <= 120 else []
        if not names:
            # Read whole, the byline held no name: its lines may ("Written by A<br>Edited by B", "By A<br>date").
            names = split_authors(line for line in lines if len(line) <= 120 and not _EDITOR_LINE.match(line))
    return [name for name in dict.fromkeys(names) if comparable(name) not in sites]


def _links_to_a_person(element: HtmlElement) -> bool:
    """Whether the element is or holds a link to a writer's or member's page (not a category's: a theme's
    ``author-meta-name`` link to "/gushihangqing/" names the section)."""
    links = [element] if element.tag == "a" else list(element.iter("a"))
    return any(_PERSON_PAGE.search(link.get("href") or "") for link in links)


_PERSON_PAGE = re.compile(
    r"/(?:authors?|members?|users?|people|profile|writers?|columnists?|contributors?|editors|staff|reporters?|"
    r"journalists?|zuozhe|u|space)(?:[/?#.=_-]|$)", re.IGNORECASE
)


# A label of anything but a writer (an editor, an outlet, a time): such an element names no writer by itself.
_LABELLED = re.compile(r"(?<!\d)[:：]|编辑|編輯|来源|來源|责编|校对")


# Buttons beside a byline ("followAuthorBtn": "Themen bearbeiten", "author-subscribe-button"): no names in them.
_CONTROL_HINT = re.compile("btn|button", re.IGNORECASE)


def _names_the_author(element: HtmlElement) -> bool:
    """A block whose class also names the author is the byline's own bar (好奇心日报's "author-share": the writer's
    name beside share buttons), not a share box."""
    return AUTHOR_CLASS.search(element.get("class") or "") is not None


def _is_a_control(element: HtmlElement) -> bool:
    return element.tag == "button" or bool(_CONTROL_HINT.search(class_hints(element)))


def _author_elements(page: Page) -> list[HtmlElement]:
    """Elements whose class, id, itemprop or rel say author or byline."""
    return page.remember("author-elements", lambda: [
        element for element, classes, identifier in attributed_elements(page)
        if AUTHOR_CLASS.search(classes) or AUTHOR_ID.search(identifier)
        or element.get("itemprop") == "author" or element.get("rel") == "author"
    ])


def find_authors(page: Page) -> Found | None:
    """Metadata authors > byline elements > bylines printed in the text (Chinese pages: 作者/记者/文/采写… beside
    the headline, in the body's first or last lines). Editors and outlets are not authors."""
    selector = page.selector
    # The site and the publisher it declares: a CMS filling the author field with the publisher ("Deutsche Welle
    # (www.dw.com)" in both <meta name=author> and <meta name=publisher>) names no writer.
    sites = {comparable(name) for name in (*site_names(page), *split_authors(metadata.find_publishers(selector)))}
    chinese = _chinese_page(page)
    declared = metadata.find_metadata_authors(selector)
    if declared:
        names = split_authors(str(value) for value in declared.value) if isinstance(declared.value, list) else []
        if chinese:
            # Chinese pages often declare the portal or the outlet as author ("网易", "CSDN.NET"): ideographs count
            # only with a person's shape.
            names = [name for name in names
                     if (is_chinese_name(name) if CJK_CHARACTER.search(name) else not DOMAIN.match(name))]
            # A CMS filling the author field with the editor the page credits (<meta name="author" content="严玉洁">
            # beside "【责任编辑：严玉洁】"): an editor is no writer.
            editors = find_editors(page)
            if editors is not None and isinstance(editors.value, list):
                names = [name for name in names if name not in editors.value]
        people = [name for name in names if comparable(name) not in sites]
        if chinese and people and not _shown(page, people):
            # Declared, and printed nowhere on a Chinese page: the CMS account that uploaded it (gov.cn's
            # <meta name=author content=马娟>), or a stale field. Only a byline the page prints names the writers
            # (China Times declares 陳昱光 and prints 謝明俊). Not on other pages: there the declared name is what
            # fundus and Readability label, the visible byline often glued to a role ("André KleinRedakteur").
            return _authors_on_the_page(page, chinese, sites)
        if people:
            if _occurs_more_than(_REL_AUTHOR, page.html, len(people)):
                # More byline links than declared names (Dagbladet declares one of its two writers): the byline
                # that lists every declared name and more is the whole list.
                shown = _authors_on_the_page(page, chinese, sites)
                if shown is not None and isinstance(shown.value, list) and len(shown.value) > len(people) \
                        and {comparable(name) for name in people} <= {comparable(name) for name in shown.value}:
                    return shown
            return Found(people, declared.source)  # the outlet declared beside them is no author
        if names:
            # Only the publisher is declared ("Deutsche Welle", "毎日新聞"): a byline on the page naming a person
            # wins, else the publisher stands, as declared.
            found = _authors_on_the_page(page, chinese, sites)
            return found if found is not None else Found(names, declared.source)
    return _authors_on_the_page(page, chinese, sites)


def _occurs_more_than(pattern: re.Pattern[str], text: str, times: int) -> bool:
    """Whether ``pattern`` occurs more than ``times`` times in ``text`` (stops counting there): read in the page's
    text, not its elements, because walking every attributed element costs a millisecond on pages that need none."""
    return sum(1 for _ in islice(pattern.finditer(text), times + 1)) > times


_REL_AUTHOR = re.compile(r"""rel=["']?author\b""")


def _shown(page: Page, names: list[str]) -> bool:
    """Whether any of ``names`` is printed in the page's visible text (scripts and styles are not)."""
    if sum(page.html.count(name) for name in names) <= 1:
        return False  # only in the metadata that declares it: no need to collect the page's text (1-2 ms)
    text = page.remember("visible-text", lambda: comparable("".join(_VISIBLE_TEXT_XPATH(page.selector.root))))
    return any(comparable(name) in text for name in names)


_VISIBLE_TEXT_XPATH = etree.XPath("//text()[not(ancestor::script or ancestor::style)]")


def _authors_on_the_page(page: Page, chinese: bool, sites: set[str]) -> Found | None:
    """Authors printed on the page: Chinese labelled bylines, byline elements, names over the source line."""
    if chinese:
        # The labelled byline beside the headline ("作者：…", "（记者 …）") before byline-classed elements, which on
        # Chinese portals are as often the comments' authors.
        names = [name for name in chinese_writers(text_after_headline(page)) if comparable(name) not in sites]
        if names:
            return Found(names, "text")
    last_body_line = _last_body_line(page) if chinese else None
    # The first 12 byline elements outside navigation, sidebars and related-story boxes (a page may list dozens
    # of teasers' bylines before the article's own).
    likely = (element for element in _author_elements(page)
              if not is_unlikely_chain(element, spared=_names_the_author) and not _is_a_control(element))
    for element in islice(likely, 12):
        if last_body_line is not None and (element.sourceline or 0) > last_body_line:
            continue  # after the article: on Chinese portals, the comments' authors
        names = _element_names(element, chinese, sites)
        if names:
            return Found(names, "heuristic")
    names = _chinese_writers(page) if chinese else (
        _name_over_source(page) or _by_line_writers(page) or _labelled_writers(page))
    names = [name for name in names if comparable(name) not in sites]
    if names:
        return Found(names, "text")
    names = [name for name in _linked_writers(page, chinese) if comparable(name) not in sites]
    return Found(names, "heuristic") if names else None


def _by_line_writers(page: Page) -> list[str]:
    """The names of a "By …" line under the headline when no element says author ("By Jane Doe | March 5, 2021",
    "Posted on March 5, 2021 by Jane Doe", "<span>By</span> Jane Doe"): every word of each name capitalised."""
    parts = text_after_headline(page).split(" | ")[:8]
    for index, part in enumerate(parts):
        if _BY_ALONE.match(part) and index + 1 < len(parts):
            part = "By " + parts[index + 1]
        match = _BY_LABEL.search(part)
        if match is None:
            continue
        line = _BY_LINE_END.split(part[match.end():], 1)[0]
        names = _people(split_authors([line]))
        if names:
            return names
    return []


def _people(names: list[str]) -> list[str]:
    """The names shaped as a person's and naming no newsroom ("TMZ Staff")."""
    return [name for name in names if _PERSON_NAME.match(name) and not _NEWSROOM.search(name)]


_BY_ALONE = re.compile(r"^(?:by|von|par|por|door|di)$", re.IGNORECASE)
_BY_LABEL = re.compile(r"(?:^|(?<=\s))(?:(?:written|story|words|text|reporting)\s+)?by\s+|^(?:von|par|por|door|di)\s+",
                       re.IGNORECASE)
# Where a "By" line's names end: a separator, a date or a count ("5 min read").
_BY_LINE_END = re.compile(r"\s+[·•|–—]\s+|\s+(?:on|am|le|el|il)\s+\d|\s*\d")
# "TMZ Staff", "News Desk": the newsroom, not a person.
_NEWSROOM = re.compile(r"\b(?:staff|team|desk|editors|editorial|newsroom|reporters|wire|news|agencies)\b",
                       re.IGNORECASE)
# A person's name: two to four capitalised words ("Jane Doe", "Ana de la Cruz", "JANE DOE"), particles allowed.
_PERSON_NAME = re.compile(
    r"^[A-ZÀ-Þ][\w'’.-]*(?:\s+(?:(?:van|von|der|den|de|da|del|la|le|du|di|bin|al|y)\s+)*[A-ZÀ-Þ][\w'’.-]*){1,3}$"
)


def _labelled_writers(page: Page) -> list[str]:
    """The name after an element holding only an author label, as fact lists print it (DW: ``<li><strong>Autorin/
    Autor</strong> Roman Goncharenko</li>``, ``<dt>Author</dt><dd>Jane Doe</dd>``)."""
    for label in islice(page.selector.root.iter("strong", "b", "dt", "th", "label"), 200):
        text = label.text
        if not text or len(text) > 20 or len(label) or not _AUTHOR_LABEL_WORD.match(text.strip()):
            continue  # the label is the element's whole text
        value = normalize_space(label.tail or "")
        if not value:
            following = label.getnext()
            value = normalize_space(following.text_content()) if following is not None else ""
        names = _people(split_authors([value[:120]]))
        if names:
            return names
    return []


_AUTHOR_LABEL_WORD = re.compile(
    r"^(?:autor(?:in)?(?:\s*/\s*autor(?:in)?)?|authors?|auteur(?:e|s)?|autore|autora|written by|text|texte)\s*[:：]?$",
    re.IGNORECASE,
)


def _linked_writers(page: Page, chinese: bool) -> list[str]:
    """Names linked to their writer's page in the lines under the headline, when no element says author
    (Engadget 2020: ``<a class="th-meta" href="/about/editors/jon-fingas/">Jon Fingas</a>``)."""
    headline = headline_element(page)
    if headline is None:
        return []
    names: list[str] = []
    for link in _following_links(headline, 12):
        if next(link.iterancestors("p"), None) is not None:
            break  # the article's text has begun: its links are sources, not the byline
        if not _PERSON_PAGE.search(link.get("href") or ""):
            continue
        text = element_text(link)
        if chinese and CJK_CHARACTER.search(text):
            found = [text] if is_chinese_name(text) or is_pen_name(text) else []
        elif CJK_CHARACTER.search(text) or len(text) > 60:
            found = []
        else:
            found = split_authors([text])
        names.extend(name for name in found if name not in names)
    return names


def _following_links(element: HtmlElement, most: int) -> list[HtmlElement]:
    """The first ``most`` links with an address after ``element`` in document order (XPath's ``following::a``
    walks to the document's end before its position test stops)."""
    links: list[HtmlElement] = []
    node: HtmlElement | None = element
    while node is not None and len(links) < most:
        for sibling in node.itersiblings():
            for link in sibling.iter("a"):
                if link.get("href") is not None:
                    links.append(link)
                    if len(links) >= most:
                        return links
        node = node.getparent()
    return links


def find_editors(page: Page) -> Found | None:
    """Editors a Chinese page credits (责任编辑 / 责编 / 编辑), staff codes removed: not authors. Remembered:
    ``find_authors`` asks too (a declared author who is the editor is no writer)."""

    def compute() -> Found | None:
        if not _chinese_page(page):
            return None
        credits = [short_text(element, 200) for element in _author_elements(page)[:12]]
        texts = [*_byline_texts(page), *(text for text in credits if text), *_closing_lines(page),
                 *_credit_lines_after_the_text(page)]
        # Every credit around the article counts: a syndicated story keeps its outlet's editor in the text's last
        # line ("编辑 刘晓阳 校对 李铭") beside the portal's own (责任编辑：姚立伟).
        names = list(dict.fromkeys(name for text in texts for name in chinese_editors(text)))
        if names:
            return Found(names, "text")
        # The credit line printed anywhere else (under the share bar, in the page's footer table): the first line
        # holding an editor label that names someone.
        if not has_editor_label(page.html):
            return None  # no credit line anywhere: no need to walk the page's text nodes (over a millisecond)
        for node in _EDITOR_TEXT_XPATH(page.selector.root)[:30]:
            element = node.getparent()
            if element is not None and node.is_tail:
                element = element.getparent()
            line = short_text(element, 120) if element is not None else None
            names = chinese_editors(line) if line else []
            if names:
                return Found(names, "text")
        return None

    return page.remember("editors", compute)


def _credit_lines_after_the_text(page: Page, holding: Callable[[str], bool] = has_editor_label) -> list[str]:
    """The detected body's last short lines, read before boilerplate removal takes credit lines out of it, when
    its text holds a credit (``holding``: an editor label by default)."""
    body = detected_body(page)
    if body is None or not holding(body.text_content()):
        return []
    # Line by line: a credit block may be lines of one paragraph ("编辑|禤志杰<br>责编|陈梦莹<br>校对|…").
    lines = page.remember("body-last-lines", lambda: text_lines(body)[-20:])
    return [line for line in lines if len(line) <= 120]


_EDITOR_TEXT_XPATH = etree.XPath(
    "//text()[contains(., '编辑') or contains(., '編輯') or contains(., '责编') or contains(., '責編')]"
    "[not(ancestor::script or ancestor::style)]"
)


def find_source(page: Page) -> Found | None:
    """The outlet a Chinese page credits (来源：…): not an author."""
    if not _chinese_page(page):
        return None
    for text in _byline_texts(page):
        source = chinese_source(text)
        if source:
            return Found(source, "text")
    # Unlabelled, in an element of its own beside the date (``<a class="source">参考消息</a>``): one above the
    # body. Below it such elements credit teasers and comments.
    hinted = [element for element, classes, identifier in attributed_elements(page)
              if _SOURCE_HINT.search(classes) or _SOURCE_HINT.search(identifier)]
    above = _above_the_body(page, hinted)
    for element in hinted:
        if not above(element) or is_unlikely_chain(element):
            continue
        slot = short_text(element, 60)
        outlet = outlet_slot(slot) if slot else None
        if outlet:
            return Found(outlet, "heuristic")
    beside = outlet_beside_the_date(text_after_headline(page))
    if beside:
        return Found(beside, "heuristic")
    # The credit closing the text ("来源：无锡交警" as its last line), which boilerplate removal takes out of the body.
    for line in reversed(_credit_lines_after_the_text(page, lambda text: "来源" in text or "來源" in text)):
        source = chinese_source(line)
        if source:
            return Found(source, "text")
    account = _self_media_account(page)
    authors = find_authors(page)
    if account is None or (authors is not None and isinstance(authors.value, list) and account in authors.value):
        return None  # a writer's pen name in the author's place (虎嗅's 阑夕) is a person, not an outlet
    return Found(account, "heuristic")


def _self_media_account(page: Page) -> str | None:
    """The account a self-media post is published under, named in the author's place above the body and no
    person's name unless the page says it is an account (百家号's ``<p class="author-name">加拿大必读</p>``, WeChat's
    ``#js_name``, 企鹅号's ``<a class="author"><div>扬眼</div><span>企鹅号</span></a>``): the post's source."""
    html = page.html
    nicknames = [element for element, classes, identifier in attributed_elements(page)
                 if _NICKNAME.search(classes) or _NICKNAME.search(identifier)
                 ] if "nickname" in html or "Nickname" in html or "js_name" in html else []
    candidates = [*nicknames[:3], *_author_elements(page)[:12]]
    above = _above_the_body(page, candidates, text_start=True)
    for element in candidates:
        pieces = [piece for piece in map(normalize_space, element.itertext()) if piece]
        if not pieces or not above(element) or is_unlikely_chain(element, spared=_names_the_author) \
                or _is_a_control(element):
            continue
        name = pieces[0]
        marked = any(_ACCOUNT_MARK.fullmatch(piece) for piece in pieces[1:])
        if 2 <= len(name) <= 20 and _ACCOUNT_NAME.match(name) and outlet_slot(name) == name and (
                marked or not is_chinese_name(name)):
            return name
        return None  # the first author element names a person or something else: no account
    return None


# What platforms print after an account's name: the kind of account.
_ACCOUNT_MARK = re.compile(r"企鹅号|百家号|头条号|网易号|搜狐号|大鱼号|一点号|公众号|微信公众号")
# Where platforms print the account's name (WeChat: <a id="js_name">, <strong class="profile_nickname">).
_NICKNAME = re.compile(r"nickname|js_name", re.IGNORECASE)
# An account's name: ideographs, letters, digits (爱否科技, 未闻Code, GameForce), no label or sentence mark.
_ACCOUNT_NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9][\u4e00-\u9fffA-Za-z0-9 ·._-]*$")


def _above_the_body(page: Page, elements: list[HtmlElement], *,
                    text_start: bool = False) -> Callable[[HtmlElement], bool]:
    """Whether an element comes before the detected body in the document (``text_start``: before the body's first
    paragraph of prose, so the header inside a body that holds it too). The order is read from the tree (minified
    pages are one source line); a body merged from several blocks is a copy, found in the page by its first block's
    tag, attributes and text, and by source line when that fails."""
    body = detected_body(page)
    if body is None or not elements:
        return lambda element: False
    if text_start:  # the first paragraph of prose (a merged body may open with the author's box)
        body = next((paragraph for paragraph in body.iter("p") if len(paragraph.text_content().strip()) >= 25),
                    next(body.iter("p"), body))
    # One walk from the document's start to the body (the header is short): which of ``elements`` it passes.
    root = page.selector.root
    top = body
    while top.getparent() is not None:
        top = top.getparent()
    copied = top is not root and top not in top_level_elements(root)
    if copied and body is top and len(body):
        body = body[0]  # the merge's own <div> is no block of the page
    attributes = dict(body.attrib)
    text = normalize_space(body.text_content())[:80] if copied else ""
    wanted, passed = set(elements), set[HtmlElement]()
    for node in (node for element in top_level_elements(root) for node in element.iter()):
        if node is body or (copied and node.tag == body.tag and dict(node.attrib) == attributes
                            and normalize_space(node.text_content())[:80] == text):
            return passed.__contains__
        if node in wanted:
            passed.add(node)
    start_line = next((element.sourceline for element in body.iter() if element.sourceline), None)
    return lambda element: start_line is not None and (element.sourceline or start_line) < start_line


# "source", "article-source", "ne_article_source", "date-source"; not "resource" nor "sourcePopwin" (a pop-up).
_SOURCE_HINT = re.compile(r"(?<!re)source(?![a-z])|laiyuan", re.IGNORECASE)
