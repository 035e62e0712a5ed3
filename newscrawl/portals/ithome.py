"""IT之家 — https://www.ithome.com/ (UTF-8, Beijing time; channel pages <channel>.ithome.com; lazy images in
``data-original``; relative listing times; a 广告声明 ``p.ad-tips`` closes every body)."""

from newscrawl.portal import FROM_LISTING, ArticleRules, HtmlListing, Portal

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
        # A channel page shows its latest entries; older ones load by script ("加载更多"), so one page per run.
        HtmlListing(
            url="https://{channel}.ithome.com/",
            item="#list > div.fl > ul > li",
            link="div > h2 > a",
            time="div.c span.state",
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
