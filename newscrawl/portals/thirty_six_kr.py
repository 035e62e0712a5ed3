"""36氪 (portal ``36kr``; a module name cannot start with a digit) — https://www.36kr.com/ (UTF-8, Beijing time;
listings are JSON embedded in the page with epoch-ms times, continued by a JSON API with the page's pageCallback
cursor; 资讯 articles and 快讯 newsflashes are server-rendered HTML, and since 2022-08 an article page may carry its
state encrypted instead (``window.initialState={"state":"<base64>","isEncrypt":true}``); Alibaba Cloud's acw_sc__v2
challenge and, since 2026-02, a ByteDance-style WAF proof-of-work page (``_wafchallengeid``) stand in for some
pages)."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from newscrawl.extract.json_data import embedded_json
from newscrawl.portal_rules import FROM_LISTING, ArticleRules, JsonArticleRules, JsonListing, Layout, Portal

#: The key the site's script decrypts the state with (AES-128, ECB, PKCS#7), as public scrapers use it.
STATE_KEY = b"efabccee-b754-4c"


def decrypted_state(page_html: str) -> Any:
    """The article state of a page that carries it encrypted (``{"state": …, "isEncrypt": true}``), decrypted."""
    state = embedded_json(page_html, "window.initialState")
    if not isinstance(state, dict) or state.get("isEncrypt") is not True or not isinstance(state.get("state"), str):
        return None
    try:
        encrypted = base64.b64decode(state["state"], validate=True)
        decryptor = Cipher(algorithms.AES(STATE_KEY), modes.ECB()).decryptor()
        padded = decryptor.update(encrypted) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return json.loads((unpadder.update(padded) + unpadder.finalize()).decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None  # not the state the key opens: the page is read as HTML

PORTAL = Portal(
    name="36kr",
    site_name="36氪",
    site_url="https://www.36kr.com/",
    categories=("新媒体", "36kr", "资讯"),
    timezone="Asia/Shanghai",
    hosts=("36kr.com",),
    encoding="utf-8",
    language="zh-CN",
    # The archive files newsflashes apart from articles: 新媒体/36kr/快讯 and 新媒体/36kr/资讯.
    channels=("web_news", "newsflashes"),
    default_channel="web_news",
    channel_categories={"web_news": "资讯", "newsflashes": "快讯"},
    listings=[
        # The 资讯 page embeds its first items and a pageCallback cursor; 查看更多 POSTs that cursor as JSON to the
        # gateway, whose answers carry the next items and the next cursor. The script also sends a millisecond
        # timestamp, left out: a request that changes every run could never be replayed.
        JsonListing(
            url="https://www.36kr.com/information/web_news",
            embedded='"informationList":',
            items="itemList",
            cursor="pageCallback",
            link="https://www.36kr.com/p/{itemId}",
            title="templateMaterial.widgetTitle",
            time="templateMaterial.publishTime",
            authors="templateMaterial.authorName",
            # itemType 0: not an article (RSSHub drops them too).
            exclude={"itemType": 0},
            then=JsonListing(
                url="https://gateway.36kr.com/api/mis/nav/ifm/subNav/flow",
                method="POST",
                json_body={
                    "partner_id": "web",
                    "param": {"subnavType": 1, "subnavNick": "web_news", "pageSize": 30, "pageEvent": 1,
                              "pageCallback": "{cursor}", "siteId": 1, "platformId": 2},
                },
                items="data.itemList",
                cursor="data.pageCallback",
                link="https://www.36kr.com/p/{itemId}",
                title="templateMaterial.widgetTitle",
                time="templateMaterial.publishTime",
                authors="templateMaterial.authorName",
                exclude={"itemType": 0},
            ),
        )
    ],
    channel_listings={
        # One page of newsflashes per run: an hourly run reads them all, they come dozens a day.
        "newsflashes": [
            JsonListing(
                url="https://www.36kr.com/newsflashes",
                embedded='"itemList":',
                items="[]",
                link="https://www.36kr.com/newsflashes/{itemId}",
                title="templateMaterial.widgetTitle",
                time="templateMaterial.publishTime",
            )
        ],
    },
    layouts=[
        Layout(
            "encrypted-state",
            seen="2022-08 –",
            source="RSSHub:36kr/utils.ts@144ff53a9b (decryption), several Python scrapers",
            rules=JsonArticleRules(
                reader=decrypted_state,
                root="articleDetail.articleDetailData.data",
                title=("widgetTitle", FROM_LISTING),
                authors=(FROM_LISTING,),
                published=(FROM_LISTING,),
                body=("widgetContent",),
            ),
        ),
        Layout(
            "html",
            seen="2021 –",
            signature="div.articleDetailContent, div.newsflash-item",
            source="shared/PORTALS.md; RSSHub:36kr/index.ts",
            rules=ArticleRules(
                # An article's selectors first, a newsflash's second: one set of rules reads both kinds of page.
                title=("h1.article-title", "div.newsflash-item h1.item-title", FROM_LISTING),
                authors=("div.article-title-icon a.title-icon-item.item-a", FROM_LISTING),
                # The listing's epoch-ms time has seconds; the page prints minutes.
                published=(FROM_LISTING, "div.article-title-icon span.title-icon-item.item-time",
                           "div.newsflash-item div.item-time"),
                body=("div.articleDetailContent", "div.newsflash-item div.item-desc"),
            ),
        ),
    ],
    # The acw_sc__v2 challenge (var arg1='…'; setCookie('acw_sc__v2', …)) and the WAF page (_wafchallengeid,
    # atob('…'),) are among the common signatures.
    blocked_markers=(),
    evidence=(
        "Encrypted state decrypted (layout `encrypted-state`): Base64, AES-128-ECB with the key `efabccee-b754-4c`, "
        "PKCS#7 removed, JSON; title and body at `articleDetail.articleDetailData.data.widgetTitle`/`widgetContent`, "
        "byline and time from the listing (`authorName`, `publishTime`).",
        "The WAF page (`_wafchallengeid` with `cs=\"…\"`, or a script decoding `atob('…'),`) is recognised as a "
        "challenge: counted as blocked, never archived. Its proof of work is not solved: a crawler that answers "
        "anti-bot challenges is not what this archive should be.",
        "Listing items with `itemType` 0 are skipped; `<em>` (and any markup) is stripped from listed titles; the "
        "listed `authorName` backs the byline.",
        "The official feeds (`/feed`, `/feed-article`, `/feed-newsflash`) are not used: third-party notes only, and "
        "the embedded list carries the cursor that pages further back.",
    ),
)
