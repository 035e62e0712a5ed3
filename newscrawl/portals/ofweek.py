"""OFweek 维科网 — https://www.ofweek.com/ (listings GBK, Beijing time; 维科号 articles on mp.ofweek.com; channel
sub-sites <ch>.ofweek.com hold their body in ``div.TRS_Editor``)."""

from newscrawl.portal_rules import FROM_LISTING, ArticleRules, HtmlListing, Layout, Portal

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
        # Further pages are numbered in the URL; a page links the next one while there is one. The entries of a
        # channel sub-site's list (-a start_url=https://ee.ofweek.com/CATList-2800-8100-ee.html) have their own
        # markup, read by the same listing.
        HtmlListing(
            url="https://www.ofweek.com/CATList-8100-CHANGYIEXINWE.html",
            item="div.list-left div.con-details, div.main_left div.list_model div.model_right.model_right2",
            link="h3 > a",
            # Neither is confirmed by a public scraper (see the evidence below); where the page prints no time the
            # article's own time is the date.
            time="span.date, span.fb-tl",
            page_url="https://www.ofweek.com/CATList-8100-CHANGYIEXINWE-{page}.html",
        )
    ],
    layouts=[
        Layout(
            "2022",
            seen="2022 –",
            source="RSSHub:ofweek/news.ts@5e96e9ea07; shared/PORTALS.md",
            rules=ArticleRules(
                # The archive's titles are the listing's anchor texts; the page heading backs them up.
                title=(FROM_LISTING, "div.artical h1"),
                authors=("div.artical div.source-name",),
                published=("div.artical div.time.fl", FROM_LISTING),
                body=("#articleC", "div.TRS_Editor"),
                # A story split over pages links its next page; only pages extending the article's URL
                # (ART-…_2.html) are followed.
                continuation="#nextPage a",
            ),
        ),
    ],
    evidence=(
        "Listing pages follow the numbered URL `CATList-8100-CHANGYIEXINWE-<N>.html` (backed by every source) "
        "while a page links it, instead of the unbacked `div.page a.next`. Channel sub-site entries "
        "(`div.main_left div.list_model div.model_right.model_right2 h3 > a`) read through `-a start_url=`.",
        "Listing time `span.date` (unbacked) and `span.fb-tl` (unconfirmed) stay as hints only: the date is the "
        "article's `div.time.fl`; a listed time serves `since` and stop-paging, and where the page prints none "
        "nothing is lost.",
        "Channel sub-site bodies: `div.TRS_Editor` after `#articleC`.",
        "Multi-page articles are unconfirmed (no source shows one): the rules follow `#nextPage a` when it leads "
        "to a page extending the article's URL (`ART-…_2.html`) and append its body — a reported pager costs "
        "nothing where it is absent, while a lost second page would cut the story.",
    ),
)
