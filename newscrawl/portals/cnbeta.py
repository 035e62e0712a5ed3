"""cnBeta — https://www.cnbeta.com.tw/ (UTF-8, Beijing time printed to the minute; body = summary + content with
topic boxes dropped; lazy ``img[data-original]``; the home page continues with a JSON "more" endpoint that needs
the page's csrf-token)."""

from newscrawl.portal_rules import FROM_LISTING, ArticleRules, HtmlListing, JsonListing, Layout, Portal

PORTAL = Portal(
    name="cnbeta",
    site_name="cnBeta",
    site_url="https://www.cnbeta.com.tw/",
    categories=("新媒体", "cnBeta", "最新"),
    timezone="Asia/Shanghai",
    hosts=("cnbeta.com.tw", "cnbeta.com"),
    encoding="utf-8",
    language="zh-CN",
    listings=[
        # The home page lists the latest articles; its 加载更多 button asks /home/more for page 2, 3, … with the
        # page's csrf-token. The script's cache-buster ``_=<ms>`` is left out: the server does not need it, and a
        # request that changes every run could never be replayed.
        # The list type comes from the page (div[data-type]) as the site's script reads it: the same rules read a
        # category or topic page given as -a start_url=….
        HtmlListing(
            url="https://www.cnbeta.com.tw/",
            item="div.items-area > div.item",
            link="dl > dt > a",
            time="ul.status > li:first-child",
            tokens={"csrf": 'meta[name="csrf-token"]::attr(content)', "type": "div[data-type]::attr(data-type)"},
            then=JsonListing(
                url="https://www.cnbeta.com.tw/home/more?&type={type}&page={page}&_csrf={csrf}",
                # The home page's answer holds the list in `result`; a category's or topic's in `result.list`.
                items=("result.list", "result"),
                link="{url_show}",
                title="title",
                time="inputtime",
            ),
        )
    ],
    layouts=[
        Layout(
            "2021",
            seen="2021 –",
            source="RSSHub:cnbeta/utils.ts@417ab04f06; shared/PORTALS.md",
            rules=ArticleRules(
                title=("header.title h1", FROM_LISTING),
                # 稿源 (the outlet the story came from) is the only byline cnBeta prints, linked or not.
                authors=("header.title div.meta span.source",),
                published=("header.title div.meta > span:first-child", FROM_LISTING),
                body=(".article-summary, .article-content",),
                body_drop=(".topic", ".article-topic", ".article-global"),
            ),
        ),
    ],
    evidence=(
        "\"More\" answers: `result` (home page) or `result.list` (category and topic pages), whichever holds "
        "items; the list type is read from the page's `div[data-type]` instead of a fixed `type=all`.",
        "Byline: the text of `span.source`, linked or not (稿源：…; the label is stripped).",
        "`url_show` starting `//` or `http:` is made absolute against the page's https URL.",
        "The `X-CSRF-TOKEN`/`X-Requested-With` headers of an unattributed port are not sent: RSSHub's route works "
        "with the `_csrf` parameter alone.",
    ),
)
