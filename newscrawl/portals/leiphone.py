"""雷锋网 (雷峰网 since 2021) — https://www.leiphone.com/ (UTF-8, Beijing time; one channel per category, its posts
filed under the category's name; category listings paginated by /page/N with relative times; body = top image +
the lead's text + ``.lph-article-comView``)."""

from newscrawl.portal_rules import FROM_LISTING, ArticleRules, HtmlListing, Layout, Portal

#: The site's main categories (slug -> the name its navigation shows), as RSSHub's route lists them.
CATEGORIES = {
    "industrynews": "业界",
    "ai": "人工智能",
    "transportation": "智能驾驶",
    "digitalindustry": "数智化",
    "fintech": "金融科技",
    "aihealth": "医疗科技",
    "chips": "芯片",
    "gbsecurity": "政企安全",
    "smartcity": "智慧城市",
    "industrycloud": "行业云",
    "IndustrialInternet": "工业互联网",
    "iot": "AIoT",
}

PORTAL = Portal(
    name="leiphone",
    site_name="雷锋网",
    site_url="https://www.leiphone.com/",
    categories=("新媒体", "雷锋网", "业界"),
    timezone="Asia/Shanghai",
    hosts=("leiphone.com",),
    encoding="utf-8",
    language="zh-CN",
    # A category is a channel (-a channel=ai), and its posts are filed under the category's name, as the site's
    # navigation names it. Pages read with -a start_url=… (/category/academic …) are filed under the channel's.
    channels=tuple(CATEGORIES),
    default_channel="industrynews",
    channel_categories=CATEGORIES,
    listings=[
        HtmlListing(
            url="https://www.leiphone.com/category/{channel}",
            item="div.lph-pageList div.list li",
            link=".word > h3 > a",
            time=".word .msg .time",
            next_page="div.lph-page a.next",
        )
    ],
    layouts=[
        Layout(
            "2021",
            seen="2021 –",
            source="RSSHub:leiphone/utils.ts@156b58d780",
            rules=ArticleRules(
                title=(".headTit", FROM_LISTING),
                authors=(".aut > a",),
                published=(".time", FROM_LISTING),
                # Three containers joined in document order (a missing top image just contributes nothing); the
                # lead counts for its text only.
                body=(".top-img, .article-lead, .lph-article-comView",),
                body_flatten=(".article-lead",),
            ),
        ),
    ],
    evidence=(
        "业界 is `industrynews` (not `yejie`); every main category is a channel filed under its name "
        "(industrynews, ai, transportation, digitalindustry, fintech, aihealth, chips, gbsecurity, smartcity, "
        "industrycloud, IndustrialInternet, iot); sub-categories (`academic`, `yanxishe`) read through "
        "`-a start_url=`.",
        "Body = `.top-img` + the text of `.article-lead` + `.lph-article-comView`, as RSSHub builds it.",
        "The 业界快讯 JSON (`site/YejieKuaixun`) and the feed are not read: the archive has no category for "
        "newsflashes of 雷锋网, and the category pages list every article.",
    ),
)
