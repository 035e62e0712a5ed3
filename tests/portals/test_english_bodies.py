"""Body facts of the real English portal pages, one test per fact.

The real pages (fundus and Readability corpora) have bodies too long to write out as ``body_html`` by hand, so
their fixture cases leave ``body_html`` out; these facts, read off the pages, pin what the body must hold:
its first and last paragraphs, the boilerplate it must not hold, and how many images it keeps.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.portals.test_portal_fixtures import _article

CASES = FIXTURES / "portals"

#: (case folder, text the body text contains) — first paragraphs.
FIRST_PARAGRAPHS = [
    ("techcrunch/real-rpa-agents-2017-theme",
     "What’s the next big thing in enterprise automation? If you ask the tech giants, it’s agents — driven by "
     "generative AI."),
    ("techcrunch/real-strava-block-theme",
     "Strava on Thursday announced a slew of new features and updates at its annual Camp Strava event"),
    ("wired/real-sleeping-bags-guide",
     "John Muir famously set off for the mountains with “some bread and tea in a pair of blankets with some sugar "
     "and a tin cup.”"),
    ("theverge/real-vision-pro", "I still remember using the iPhone 4 for the first time in 2010."),
    ("arstechnica/real-minecraft-exploit",
     "A flaw in the wildly popular online game Minecraft makes it easy for just about anyone to crash the server "
     "hosting the game"),
    ("engadget/real-xbox-one-x-review",
     "The Xbox One X is the ultimate video game system. It sports more horsepower than any system ever."),
]

#: (case folder, text the body text ends with) — last paragraphs.
LAST_PARAGRAPHS = [
    ("techcrunch/real-rpa-agents-2017-theme",
     "Companies who fail to adopt these technologies will struggle to compete against others who embrace "
     "generative AI and automation.”"),
    ("techcrunch/real-strava-block-theme",
     "our user-demographic of Gen Z women has experienced great growth, taking it to twice that of what it was at "
     "this time last year,” he said."),
    ("wired/real-sleeping-bags-guide", "We try to recommend only PFC-free sleeping bags."),
    ("theverge/real-vision-pro", "Like that first Retina display, it’s something you can’t unsee."),
    ("arstechnica/real-minecraft-exploit",
     "Ars is asking Mojang for comment and will update this post if company officials respond."),
    ("engadget/real-xbox-one-x-review",
     "It's exactly what the company promised: the fastest game console ever made."),
]

#: (case folder, text or markup that must not be in the body) — boilerplate the portal rules drop or never take.
ABSENT = [
    ("techcrunch/real-rpa-agents-2017-theme", "piano-inline-promo"),
    ("techcrunch/real-rpa-agents-2017-theme", "Article Shortlink"),
    ("techcrunch/real-strava-block-theme", "ad-unit"),
    ("techcrunch/real-strava-block-theme", "marfeel-experience"),
    ("techcrunch/real-strava-block-theme", "More TechCrunch"),
    ("techcrunch/real-strava-block-theme", "Share on X"),
    ("wired/real-sleeping-bags-guide", "If you buy something using links in our stories"),
    ("wired/real-sleeping-bags-guide", "product-offer"),
    ("wired/real-sleeping-bags-guide", "ad__slot"),
    ("wired/real-sleeping-bags-guide", "consumer-marketing-unit"),
    ("wired/real-sleeping-bags-guide", "Most Popular"),
    ("wired/real-sleeping-bags-guide", "Special offer for Gear readers"),
    ("theverge/real-vision-pro", "Sign up for"),
    ("theverge/real-vision-pro", "I wore the Apple Vision Pro"),
    ("theverge/real-vision-pro", "It’s easiest to judge the Vision Pro"),
    ("theverge/real-vision-pro", "data:image/gif"),
    ("theverge/real-vision-pro", "<noscript"),
    ("arstechnica/real-minecraft-exploit", "Share this story"),
    ("arstechnica/real-minecraft-exploit", "reader comments"),
    ("arstechnica/real-minecraft-exploit", "action_button_container"),
    ("engadget/real-xbox-one-x-review", "Engadget Score"),
    ("engadget/real-xbox-one-x-review", "Buy Now"),
    ("engadget/real-xbox-one-x-review", "Gallery: Xbox One"),
    ("engadget/real-xbox-one-x-review", "Key Specs"),
    ("engadget/real-xbox-one-x-review", "In this article:"),
]

#: (case folder, markup the body keeps) — structure worth keeping.
PRESENT_MARKUP = [
    ("techcrunch/real-rpa-agents-2017-theme", "<h2>Next-gen RPA</h2>"),
    ("arstechnica/real-minecraft-exploit", '<pre><code class="language-javascript" data-lang="javascript">'),
    ("engadget/real-xbox-one-x-review", "<h3>Wrap-up</h3>"),
    ("wired/real-sleeping-bags-guide", '<h2 class="paywall">What All the Terms Mean</h2>'),
]

#: (case folder, number of <img> in the body).
IMAGE_COUNTS = [
    ("techcrunch/real-rpa-agents-2017-theme", 1),
    ("techcrunch/real-strava-block-theme", 4),
    ("wired/real-sleeping-bags-guide", 13),
    ("theverge/real-vision-pro", 1),
    ("arstechnica/real-minecraft-exploit", 1),
    ("engadget/real-xbox-one-x-review", 6),
]

_IMG = re.compile(r"<img\b")


def _case(name: str) -> Path:
    return CASES / name


def _id(name: str, fact: object) -> str:
    return f"{name}:{str(fact)[:40]}"


@pytest.mark.parametrize(("case", "text"), FIRST_PARAGRAPHS, ids=[_id(*fact) for fact in FIRST_PARAGRAPHS])
def test_first_paragraph_is_in_the_body(case: str, text: str) -> None:
    assert text in (_article(_case(case)).body_text or "")


@pytest.mark.parametrize(("case", "text"), LAST_PARAGRAPHS, ids=[_id(*fact) for fact in LAST_PARAGRAPHS])
def test_body_ends_with_the_last_paragraph(case: str, text: str) -> None:
    assert (_article(_case(case)).body_text or "").endswith(text)


@pytest.mark.parametrize(("case", "text"), ABSENT, ids=[_id(*fact) for fact in ABSENT])
def test_boilerplate_is_not_in_the_body(case: str, text: str) -> None:
    article = _article(_case(case))
    assert text not in (article.body_html or "")
    assert text not in (article.body_text or "")


@pytest.mark.parametrize(("case", "markup"), PRESENT_MARKUP, ids=[_id(*fact) for fact in PRESENT_MARKUP])
def test_body_keeps_markup(case: str, markup: str) -> None:
    assert markup in (_article(_case(case)).body_html or "")


@pytest.mark.parametrize(("case", "count"), IMAGE_COUNTS, ids=[_id(*fact) for fact in IMAGE_COUNTS])
def test_body_image_count(case: str, count: int) -> None:
    assert len(_IMG.findall(_article(_case(case)).body_html or "")) == count
