"""OFweek 维科网 — https://www.ofweek.com/ (listings GBK, Beijing time; 维科号 articles on mp.ofweek.com)."""

from newscrawl.portal import FROM_LISTING, ArticleRules, HtmlListing, Portal

PORTAL = Portal(
    name="ofweek",
    site_name="OFweek 维科网",
    site_url="https://www.ofweek.com/",
    categories=("新媒体", "高科技行业门户", "新闻"),
    timezone="Asia/Shanghai",
    hosts=("ofweek.com",),
    encoding="gb18030",
    language="zh-CN",
    listings=[
        HtmlListing(
            url="https://www.ofweek.com/CATList-8100-CHANGYIEXINWE.html",
            item="div.list-left div.con-details",
            link="h3 > a",
            time="span.date",
            next_page="div.page a.next",
        )
    ],
    article=ArticleRules(
        # The archive's titles are the listing's anchor texts; the page heading backs them up.
        title=(FROM_LISTING, "div.artical h1"),
        authors=("div.artical div.source-name",),
        published=("div.artical div.time.fl", FROM_LISTING),
        body=("#articleC",),
    ),
)
