"""The private-address guard, end to end: a crawled site tries to make the crawler reach a **canary** (a second
listener of the fault server, on 127.0.0.1 but another port) through redirects, links, meta refreshes, body
images and a host name resolving to loopback, in every spelling of a loopback address. The canary must see no
connection at all, while the start URL's own origin (also 127.0.0.1, trusted by (host, port) because the user
gave it) is crawled as usual. A control scenario with ``NEWSCRAWL_ALLOW_PRIVATE_ADDRESSES=1`` proves that the
canary does see the crawler when nothing stops it.

Only loopback addresses are ever reachable targets here; other private ranges (``10/8``, ``169.254.169.254``…)
are checked without a connection in ``tests/downloadermiddlewares/``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future
from typing import Any

import pytest

from tests.faults.harness import Outcome
from tests.faults.scenarios import Check, Registry, exit_code, failed, redirect, saved, selected
from tests.servers.fault_server import article_page, article_path

A1 = article_path(1)
GUARD = Registry()
#: Every spelling of a loopback address a link or a redirect may use to reach the canary.
LOOPBACK_SPELLINGS = ("127.0.0.1", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "[::ffff:127.0.0.1]",
                      "[::1]", "0.0.0.0", "localhost")


def scenario(name: str, site: dict[str, Any], **options: Any) -> Callable[[Check], Check]:
    return GUARD.scenario(name, {"canary": True, **site}, **options)


def untouched_canary(run: Outcome, refused: int) -> None:
    """No connection reached the canary; ``refused`` requests were refused and reported; the site was crawled."""
    assert run.canary_connections == [], run.explain()
    saved(run, 1, 2, 3)
    failed(run, {"refused/private_address": refused})
    exit_code(run, 0)  # a refusal is reported, never a failure of the run
    assert run.stderr.count("Refused (private_address)") == refused, run.explain()


def story(slug: str) -> str:
    return f"/2024/05/22/{slug}"


@scenario("a redirect to the canary", {"listing_links": [story("moved-to-the-canary")], "faults": {
    story("moved-to-the-canary"): [redirect("http://127.0.0.1:{canary}/2024/05/22/internal-story")]}})
def _redirect_to_canary(run: Outcome) -> None:
    untouched_canary(run, refused=1)


@scenario("redirects to every spelling of loopback", {
    "listing_links": [story(f"moved-{index}") for index in range(len(LOOPBACK_SPELLINGS))],
    "faults": {story(f"moved-{index}"): [redirect(f"http://{host}:{{canary}}/2024/05/22/internal-story-{index}")]
               for index, host in enumerate(LOOPBACK_SPELLINGS)}})
def _redirects_to_spellings(run: Outcome) -> None:
    untouched_canary(run, refused=len(LOOPBACK_SPELLINGS))


@scenario("links to every spelling of loopback", {
    # A path of its own for each: URL parsers that fold the spellings into 127.0.0.1 must not make them one link.
    "listing_links": [f"http://{host}:{{canary}}/2024/05/23/linked-internal-story-{index}"
                      for index, host in enumerate(LOOPBACK_SPELLINGS)]},
    # The user follows these hosts; their loopback addresses are still refused.
    arguments=("follow_hosts=" + ",".join(LOOPBACK_SPELLINGS),))
def _links_to_spellings(run: Outcome) -> None:
    untouched_canary(run, refused=len(LOOPBACK_SPELLINGS))


@scenario("a meta refresh to the canary", {
    "listing_links": [story("refreshes-to-the-canary")],
    "pages": {story("refreshes-to-the-canary"): '<html><head><meta http-equiv="refresh" '
              'content="0; url=http://127.0.0.1:{canary}/2024/05/24/internal-story"></head><body></body></html>'}})
def _meta_refresh(run: Outcome) -> None:
    untouched_canary(run, refused=1)


IMAGES = ("http://127.0.0.1:{canary}/charts/harbour-1.png", "http://2130706433:{canary}/charts/harbour-2.png",
          "http://[::ffff:127.0.0.1]:{canary}/charts/harbour-3.png", "file:///etc/passwd", "data:text/plain,secret")


@scenario("body images on loopback, file: and data:", {"pages": {A1: article_page(1, extra_body="".join(
    f'<figure><img src="{source}" alt="chart"><figcaption>Chart</figcaption></figure>' for source in IMAGES))}},
    settings={"NEWSCRAWL_IMAGES": "1"})
def _images(run: Outcome) -> None:
    assert run.canary_connections == [], run.explain()
    saved(run, 1, 2, 3)
    assert not list((run.archive / "images").rglob("*.*")), run.explain()
    failed(run, {"refused/private_address": 3})  # file: and data: are no image URLs at all: never requested
    assert all("root:" not in record["body_html"] and "secret" not in record["body_html"] for record in run.records)
    exit_code(run, 0)


@scenario("a host name that resolves to loopback", {
    "listing_links": ["http://loopback-alias.test:{canary}/2024/05/25/story-behind-a-name"]},
    arguments=("follow_hosts=loopback-alias.test",), launcher=("-m", "tests.faults.scrapy_with_test_hosts"))
def _host_name(run: Outcome) -> None:
    untouched_canary(run, refused=1)
    assert "loopback-alias.test resolves to 127.0.0.1" in run.stderr


SAME_ORIGIN_STORY = "/2024/05/26/story-4-on-the-start-origin"


@scenario("the start origin is trusted, not its address: another port of 127.0.0.1 is refused", {
    "listing_links": ["http://127.0.0.1:{canary}/2024/05/26/same-address-other-port",
                      "http://127.0.0.1:{port}" + SAME_ORIGIN_STORY],
    "variants": {SAME_ORIGIN_STORY: {"article": 4}}})
def _trust_by_origin(run: Outcome) -> None:
    assert run.canary_connections == [], run.explain()
    assert run.count(SAME_ORIGIN_STORY) == 1  # the start origin itself is crawled, links in full form included
    saved(run, 1, 2, 3, 4)
    failed(run, {"refused/private_address": 1})
    exit_code(run, 0)


@scenario("control: NEWSCRAWL_ALLOW_PRIVATE_ADDRESSES=1 does reach the canary", {
    "listing_links": [story("moved-to-the-canary")], "faults": {
        story("moved-to-the-canary"): [redirect("http://127.0.0.1:{canary}/2024/05/22/internal-story")]}},
    settings={"NEWSCRAWL_ALLOW_PRIVATE_ADDRESSES": "1"})
def _control(run: Outcome) -> None:
    assert len(run.canary_connections) >= 1, run.explain()  # the canary sees a crawler nothing stops
    assert "refused/private_address" not in run.failed


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        dict[str, Future[Outcome]]]:
    names = selected(request.session, __name__) or list(GUARD.scenarios)
    with GUARD.crawled(names, tmp_path_factory.mktemp("private-address-guard")) as futures:
        yield futures


@pytest.mark.parametrize("name", GUARD.params())
def test_private_address_scenario(name: str, outcomes: dict[str, Future[Outcome]]) -> None:
    run = outcomes[name].result(timeout=600)
    GUARD.scenarios[name].check(run)
