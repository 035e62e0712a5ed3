"""IT之家 — https://www.ithome.com/ (UTF-8, Beijing time; channel pages <channel>.ithome.com continued by 加载更多,
whose JSON carries the next entries as HTML; lazy images in ``data-original``; relative listing times; a 广告声明
``p.ad-tips`` closes every body)."""

from newscrawl.portal import FROM_LISTING, ArticleRules, HtmlListing, JsonListing, Portal

# One entry's markup, on the channel page and in the 加载更多 fragments alike. ``data-ot`` is the entry's time
# (epoch ms): the last one shown is where the next page starts.
_LINK = "div > h2 > a"
_TIME = "div.c span.state"

PORTAL = Portal(
    name="ithome",
    site_name="IT之家",
    site_url="https://www.ithome.com/",
    # The archive files every channel's posts under 分类资讯 (its generator's route name), whatever the channel.
    categories=("新媒体", "IT 之家", "分类资讯"),
    timezone="Asia/Shanghai",
    hosts=("ithome.com",),
    encoding="utf-8",
    language="zh-CN",
    channels=("it", "soft", "win10", "win11", "iphone", "ipad", "android", "digi", "next"),
    default_channel="it",
    listings=[
        # A channel page shows its latest entries; its 加载更多 button posts the last entry's data-ot and gets the
        # next entries back as an HTML fragment inside JSON.
        HtmlListing(
            url="https://{channel}.ithome.com/",
            item="#list > div.fl > ul > li",
            link=_LINK,
            time=_TIME,
            cursor="#list > div.fl > ul > li::attr(data-ot)",
            then=JsonListing(
                url="https://{channel}.ithome.com/category/domore.html",
                method="POST",
                form={"type": "pccategorypage", "ot": "{cursor}"},
                items="content.html",
                html_items=HtmlListing(url="https://{channel}.ithome.com/", item="li", link=_LINK, time=_TIME,
                                       cursor="li::attr(data-ot)"),
            ),
        )
    ],
    article=ArticleRules(
        title=("#dt h1", FROM_LISTING),
        authors=("#author_baidu",),
        published=("#pubtime_baidu", FROM_LISTING),
        body=("#paragraph",),
        body_drop=("#paragraph p.ad-tips",),
    ),
)
