"""雷锋网 — https://www.leiphone.com/ (UTF-8, Beijing time; category listings paginated by /page/N with relative
times; body = top image + lead + ``.lph-article-comView``)."""

from newscrawl.portal import FROM_LISTING, ArticleRules, HtmlListing, Portal

PORTAL = Portal(
    name="leiphone",
    site_name="雷锋网",
    site_url="https://www.leiphone.com/",
    categories=("新媒体", "雷锋网", "业界"),
    timezone="Asia/Shanghai",
    hosts=("leiphone.com",),
    encoding="utf-8",
    language="zh-CN",
    listings=[
        # Other categories (/category/ai, /site/AIHealth …) read with -a start_url=… are still filed under 业界:
        # a portal has one category triple.
        HtmlListing(
            url="https://www.leiphone.com/category/yejie",
            item="div.lph-pageList div.list li",
            link=".word > h3 > a",
            time=".word .msg .time",
            next_page="div.lph-page a.next",
        )
    ],
    article=ArticleRules(
        title=(".headTit", FROM_LISTING),
        authors=(".aut > a",),
        published=(".time", FROM_LISTING),
        # One selector, three containers joined in document order (a missing top image just contributes nothing).
        body=(".top-img, .article-lead, .lph-article-comView",),
    ),
)
