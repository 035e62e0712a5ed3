"""Challenge pages are recognised as blocks, ordinary pages are not."""

from __future__ import annotations

import pytest

from newscrawl.extract.blocked import blocked_reason

CHALLENGES = [
    "<html><head><title>Just a moment...</title></head><body><div id='cf-chl-widget'></div></body></html>",
    "<html><script>var arg1='3A5F1B2C4D6E8F0A1B2C3D4E5F6A7B8C9D0E1F2A';</script></html>",
    "<html><script>document.cookie='acw_sc__v2=' + x; location.reload();</script></html>",
    "<html><head><title>安全验证</title></head><body>请完成验证</body></html>",
]


@pytest.mark.parametrize("html", CHALLENGES)
def test_challenge_pages_are_blocked(html: str) -> None:
    assert blocked_reason(html) is not None


def test_an_article_is_not_blocked() -> None:
    html = "<html><head><title>小米联手北汽造电动车</title></head><body><p>" + "正文" * 500 + "</p></body></html>"
    assert blocked_reason(html) is None


def test_portal_markers() -> None:
    assert blocked_reason("<html>请稍候，正在验证您的浏览器</html>", portal_markers=("正在验证您的浏览器",))


def test_a_short_403_is_a_block_but_a_long_one_is_a_page() -> None:
    assert blocked_reason("<html>Forbidden</html>", status=403)
    assert blocked_reason("<html>" + "x" * 5000 + "</html>", status=403) is None


CHALLENGE_SNIPPETS = [
    "<title> JUST A MOMENT... </title>",
    "<title>Attention Required! | CLOUDFLARE</title>",
    "<title>Access Denied</title>",
    "<title>滑动验证页面</title>",
    "<title>人机验证</title>",
    "<title>访问验证</title>",
    "<div class='CF-CHL-widget'></div>",
    "<script src='/CDN-CGI/Challenge-Platform/h/b/orchestrate'></script>",
    "<script>document.cookie='ACW_SC__V2=1'</script>",
    "<script>var ARG1 = '3A5F1B2C4D6E8F0A1B2C3D4E5F6A7B8C9D0E1F2A';</script>",
    "<script src='/_WAF_BD8CE2CE37/x.js'></script>",
    "<script>Window.Location.Reload();</script></head><body></body>",
]


@pytest.mark.parametrize("snippet", CHALLENGE_SNIPPETS)
def test_a_challenge_signature_in_any_case_deep_in_a_chinese_page_is_found(snippet: str) -> None:
    # The literals that let the pattern run are looked for in the head's bytes, ASCII letters lowered: a page of
    # Chinese text, the signature in another case, 40 KB in.
    page = "<html><head><meta charset='utf-8'>" + "中文正文，" * 4000 + snippet + "</html>"
    assert blocked_reason(page) is not None
    assert blocked_reason(page.replace(snippet, "")) is None


# 36kr's WAF page since 2026-02 (PORTALS-EVIDENCE): a proof of work whose payload comes as cs="…" or atob('…'),.
WAF_PAYLOAD = "eyJ2Ijp7ImEiOiJNR1k1WVRKak56RmxOV1F6WWpnMk5BPT0iLCJiIjoxNjM1NzY5OTIxfX0="


@pytest.mark.parametrize("script", [
    f'<script>(function(){{var cs="{WAF_PAYLOAD}";document.cookie="_wafchallengeid="+solve(cs);}})()</script>',
    f"<script>var p=JSON.parse(atob('{WAF_PAYLOAD}'),null);</script>",
])
def test_the_waf_proof_of_work_page_is_blocked(script: str) -> None:
    reason = blocked_reason(f"<!DOCTYPE html><html><head><title></title></head><body>{script}</body></html>")
    assert reason is not None and "challenge page" in reason


def test_atob_in_an_article_script_is_no_challenge() -> None:
    html = ("<html><head><title>文章</title><script>var t = atob(token);</script></head><body><p>"
            + "正文" * 500 + "</p></body></html>")
    assert blocked_reason(html) is None


def test_google_s_ad_block_recovery_script_is_no_challenge() -> None:
    # El País, Il Giornale, Malay Mail, NTV (fundus corpus pages): Google Funding Choices decodes Base64 URLs with
    # atob("…"), — the WAF's form, but its payload is a URL, not the WAF's JSON. These articles were counted blocked.
    script = ('<script>var D=l.atob("aHR0cHM6Ly93d3cuZ3N0YXRpYy5jb20vaW1hZ2VzL2ljb25zL21hdGVyaWFsL3N5c3RlbS8xeC93YXJ'
              'uaW5nX2FtYmVyXzI0ZHAucG5n"),E=l.atob("aHR0cHM6Ly9mdW5kaW5nY2hvaWNlc21lc3NhZ2VzLmdvb2dsZS5jb20=");</script>')
    body = "Texto del artículo. " * 300
    html = f"<html><head><title>Bruselas sondea</title>{script}</head><body><p>{body}</p></body></html>"
    assert blocked_reason(html) is None
