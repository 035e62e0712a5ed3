"""``NEWSCRAWL_POST_IMAGES=local``: only the ``src`` of archived images changes in a post's body."""

from __future__ import annotations

from newscrawl.archive.post_images import local_image_sources, rewrite_image_sources

SHA = "0f" * 32


def test_local_sources_live_under_the_url_prefix() -> None:
    files = [{"url": "https://a/x.png", "path": f"images/0f/{SHA}.png", "sha256": SHA}]
    assert local_image_sources(files, "/images/") == {"https://a/x.png": f"/images/0f/{SHA}.png"}
    assert local_image_sources(files, "https://cdn.example/img") == {"https://a/x.png":
                                                                     f"https://cdn.example/img/0f/{SHA}.png"}


def test_only_the_src_of_archived_images_changes() -> None:
    body = ('<p><a href="https://a/x.png">src="https://a/x.png"</a></p>'
            '<img alt="x" src="https://a/x.png?w=1&h=2" data-src="https://a/x.png" referrerpolicy="no-referrer">'
            "<IMG SRC='https://a/y.png'><img src=\"https://a/missing.png\">")
    rewritten = rewrite_image_sources(body, {"https://a/x.png?w=1&h=2": "/images/1.png", "https://a/y.png": "/2.png",
                                             "https://a/x.png": "/images/3.png"})
    assert rewritten == ('<p><a href="https://a/x.png">src="https://a/x.png"</a></p>'
                         '<img alt="x" src="/images/1.png" data-src="https://a/x.png" referrerpolicy="no-referrer">'
                         "<IMG SRC='/2.png'><img src=\"https://a/missing.png\">")


def test_an_escaped_ampersand_in_src_still_matches() -> None:
    assert rewrite_image_sources('<img src="https://a/i?x=1&amp;y=2">', {"https://a/i?x=1&y=2": "/l.png"}) == \
        '<img src="/l.png">'


def test_no_archived_image_leaves_the_body_alone() -> None:
    body = '<img src="https://a/x.png">'
    assert rewrite_image_sources(body, {}) is body
