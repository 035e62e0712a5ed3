"""Facts of the real English portal pages, read off the pages by eye, one test per fact.

The cases' expected.json files hold the whole output (captured, then reviewed); these facts are written by hand
from each page and its source project's own expectations (trafilatura's snippets, fundus's paragraphs, goose3's
titles): title, byline and date as the page prints them, the body's first and last paragraphs, the boilerplate
it must not hold, and how many images it keeps. A rule that drifts towards a fixture breaks them.
"""

from __future__ import annotations

import re

import pytest

from newscrawl.portal_cases import Case, case_output
from tests.conftest import FIXTURES

CASES = FIXTURES / "portals"

#: (case folder, title, authors, date with the site's offset) as each page prints them.
HEADERS = [
    ("theverge/real-chorus-2016-att-zero-rating", "AT&T just declared war on an open internet (and us)",
     ["T.C. Sottek"], "2016-11-29T10:00:19-05:00"),
    ("theverge/real-chorus-2016-feature-surface", "Microsoft Surface Studio: the engineering beneath floating pixels",
     ["Tom Warren"], "2016-10-31T12:09:25-04:00"),
    ("theverge/real-chorus-2019-ios13", "iOS 13 will fix the FaceTime eye contact problem", ["Jon Porter"],
     "2019-07-03T04:22:07-04:00"),
    ("theverge/real-vision-pro", "Apple’s Vision Pro is the Retina display moment for headsets", ["Alex Heath"],
     "2023-06-07T16:54:26-04:00"),
    ("wired/real-2019-rian-johnson", "Rian Johnson to Star Wars Diversity Haters: 'Fuck 'Em'", ["Angela Watercutter"],
     "2019-11-11T10:41:00-05:00"),
    ("wired/real-2020-burn-planet", "AI Can Do Great Things—if It Doesn't Burn the Planet", ["Will Knight"],
     "2020-01-21T07:00:00-05:00"),
    ("wired/real-2021-transition-rosetta", "An Ode to the Rosetta Spacecraft as It Flings Itself Into a Comet",
     ["Emma Grey Ellis"], "2016-09-30T07:00:00-04:00"),
    ("wired/real-2022-rosetta-text-date", "An Ode to the Rosetta Spacecraft as It Flings Itself Into a Comet",
     ["Emma Grey Ellis"], "2016-09-30T07:00:12-04:00"),
    ("wired/real-2022-airplane-tires", "Airplane Tires Don’t Explode on Landing Because They Are Pumped!",
     ["Eric Adams"], "2016-08-22T05:30:12-04:00"),
    ("wired/real-2023-west-bank", "Intensified Israeli Surveillance Has Put the West Bank on Lockdown", ["Tom Bennett"],
     "2023-11-07T02:00:00-05:00"),
    ("wired/real-sleeping-bags-guide", "The Best Sleeping Bags for Every Adventure", ["Scott Gilbertson", "Gear Team"],
     "2024-04-28T10:00:00-04:00"),
    ("engadget/real-2010-fios-guide",
     "Verizon FiOS set-top boxes getting a new HD guide, external storage and more in Q4", ["Richard Lawler"],
     "2010-08-18T19:30:00-04:00"),
    ("engadget/real-2020-lyft-scooters", "Lyft extends free scooter rides for critical workers through May",
     ["Jon Fingas"], "2020-04-24T14:41:44-04:00"),
    ("engadget/real-xbox-one-x-review", "Xbox One X review: A console that keeps up with gaming PCs",
     ["Devindra Hardawar"], "2017-11-03T03:01:00-04:00"),
    ("arstechnica/real-2016-connected-renter", "The connected renter: How to make your apartment smarter",
     ["Valentina Palladino"], "2016-08-10T07:15:53-04:00"),
    ("arstechnica/real-2020-face-masks-page-2", "Face masks for COVID-19: A deep dive into the data", ["Beth Mole"],
     "2020-04-03T15:45:43-04:00"),
    ("arstechnica/real-minecraft-exploit", "Just-released Minecraft exploit makes it easy to crash game servers",
     ["Dan Goodin"], "2015-04-16T16:02:01-04:00"),
    ("techcrunch/real-2011-zuckerberg-2005", "2005 Zuckerberg Didn’t Want To Take Over The World", ["Alexia Tsotsis"],
     "2011-08-13T00:00:00-07:00"),
    ("techcrunch/real-rpa-agents-2017-theme", "How RPA vendors aim to remain relevant in a world of AI agents",
     ["Kyle Wiggers"], "2024-04-28T06:30:00-07:00"),
    ("techcrunch/real-strava-block-theme",
     "Strava taps AI to weed out leaderboard cheats, unveils ‘family’ plan, dark mode and more", ["Paul Sawers"],
     "2024-05-16T11:00:00-07:00"),
]

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
    ("theverge/real-chorus-2016-att-zero-rating", "Last year we won the open internet back"),
    ("theverge/real-chorus-2016-feature-surface", "Microsoft’s Surface PCs are known for their hinges."),
    ("theverge/real-chorus-2019-ios13", "iOS 13’s third developer beta includes a new feature"),
    ("theverge/real-chorus-2019-ios13", "Normally, video calls tend to"),
    ("theverge/real-chorus-2019-ios13", "across both the eyes and nose."),
    ("wired/real-2019-rian-johnson", "In a scant six weeks, there will be a new Star Wars film"),
    ("wired/real-2020-burn-planet", "Last month, researchers at OpenAI in San Francisco revealed"),
    ("wired/real-2020-burn-planet", "As more companies across more industries begin"),
    ("wired/real-2021-transition-rosetta", "Today, the European Space Agency's Rosetta spacecraft will engage"),
    ("wired/real-2022-rosetta-text-date", "Today, the European Space Agency's Rosetta spacecraft will engage"),
    ("wired/real-2022-airplane-tires", "One thing you almost never see when an airplane lands is a blowout."),
    ("wired/real-2023-west-bank", "On Sunday, October 29, Ahmed Azza was given permission to leave his neighborhood"),
    ("engadget/real-2010-fios-guide", "Streaming and downloading TV content to mobiles is nice"),
    ("engadget/real-2020-lyft-scooters", "Lyft isn’t waiting until the end of April to decide on the fate"),
    ("arstechnica/real-2016-connected-renter", "Name a home appliance or product, and there's probably a smart"),
    ("arstechnica/real-2020-face-masks-page-2", "N95 respirators get their name from their National Institute"),
    ("techcrunch/real-2011-zuckerberg-2005", "The Huffington Post has come across this fascinating five-minute"),
]

#: (case folder, text the body text starts with) — nothing before the story's first words.
STARTS = [
    ("theverge/real-chorus-2016-att-zero-rating", "Last year we won the open internet back"),
    ("theverge/real-chorus-2016-feature-surface", "Microsoft’s Surface PCs are known for their hinges."),
    ("theverge/real-chorus-2019-ios13", "iOS 13’s third developer beta"),
    ("theverge/real-vision-pro", "I still remember using the iPhone 4"),
    ("wired/real-2019-rian-johnson", "In a scant six weeks"),
    ("wired/real-2020-burn-planet", "Last month, researchers at OpenAI"),
    ("wired/real-2022-airplane-tires", "One thing you almost never see"),
    ("engadget/real-2010-fios-guide", "Streaming and downloading TV content"),
    ("engadget/real-2020-lyft-scooters", "Lyft isn’t waiting"),
    ("arstechnica/real-2016-connected-renter", "Name a home appliance"),
    ("arstechnica/real-minecraft-exploit", "A flaw in the wildly popular online game"),
    ("techcrunch/real-2011-zuckerberg-2005", "The Huffington Post has come across"),
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
    ("theverge/real-chorus-2016-att-zero-rating", "The fight for the internet begins again."),
    ("theverge/real-chorus-2016-feature-surface", "Photography by Dan Seifert."),
    ("theverge/real-chorus-2019-ios13", "Update July 3rd, 8:05AM ET: Added ARKit explanation and tweet."),
    ("wired/real-2019-rian-johnson",
     "the fandom has to take a stand against getting defined by a very small slice of it that does not represent "
     "the lion’s share.”"),
    ("wired/real-2020-burn-planet", "“AI is clearly moving toward lighter models and greener AI,” he says."),
    ("wired/real-2021-transition-rosetta", "go off into the corner for a cry when it's over.\""),
    ("wired/real-2022-rosetta-text-date", "go off into the corner for a cry when it's over.\""),
    ("wired/real-2022-airplane-tires", "the wheel actually fails before the tire.”"),
    ("wired/real-2023-west-bank", "We cannot accept this because it doesn’t work.’"),
    ("engadget/real-2010-fios-guide", "may make for more efficient use of your time."),
    ("engadget/real-2020-lyft-scooters",
     "these programs will continue for as long as nurses, bus drivers and other key staff need to get to work safely."),
    ("arstechnica/real-2016-connected-renter",
     "which renters typically cannot do without a specific reason or without informing management."),
    ("arstechnica/real-2020-face-masks-page-2",
     "This post was updated to include the new federal recommendation for the public to wear cloth masks."),
    ("techcrunch/real-2011-zuckerberg-2005", "Five years, eternity in Internet time."),
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
    # Pull quotes repeat a sentence of the text; gallery controls and the video's title are chrome.
    ("theverge/real-chorus-2016-att-zero-rating", "AT&T is screwing it all up"),
    ("theverge/real-chorus-2016-att-zero-rating", "You should be deciding who wins, not the phone company"),
    ("theverge/real-chorus-2016-feature-surface", "Microsoft originally tested a Clutch mechanism"),
    ("theverge/real-chorus-2016-feature-surface", "Grid View"),
    ("theverge/real-chorus-2016-feature-surface", "Microsoft Surface Studio PC first look"),
    ("theverge/real-chorus-2019-ios13", "Singapore’s public health program"),
    ("theverge/real-chorus-2019-ios13", "Command Line delivers daily updates"),
    ("theverge/real-chorus-2019-ios13", "Filed under:"),
    # trafilatura's "without" snippets, the "More Great WIRED Stories" list, related stories and ad slots.
    ("wired/real-2020-burn-planet", "The latest on artificial intelligence, from machine learning to computer vision"),
    ("wired/real-2020-burn-planet", "writer for WIRED, covering artificial intelligence"),
    ("wired/real-2020-burn-planet", "More Great WIRED Stories"),
    ("wired/real-2020-burn-planet", "Chris Evans goes to Washington"),
    ("wired/real-2019-rian-johnson", "More WIRED25 Stories"),
    ("wired/real-2019-rian-johnson", "Related Stories"),
    ("wired/real-2019-rian-johnson", "ad__slot"),
    ("wired/real-2022-airplane-tires", "New Navy Tech Makes It Easy to Land on a Carrier"),
    ("wired/real-2022-rosetta-text-date", "This content can also be viewed on the site it"),
    ("engadget/real-2020-lyft-scooters", "<figcaption"),
    ("engadget/real-2020-lyft-scooters", "Popular on Engadget"),
    ("arstechnica/real-2016-connected-renter", "Valentina Palladino"),
    ("arstechnica/real-2016-connected-renter", "Further Reading"),
    ("arstechnica/real-2016-connected-renter", "Advertisement"),
    ("arstechnica/real-2016-connected-renter", "reader comments"),
    ("arstechnica/real-2020-face-masks-page-2", "Enlarge"),
    ("techcrunch/real-2011-zuckerberg-2005", "currently works for TechCrunch as a writer"),
    ("techcrunch/real-2011-zuckerberg-2005", "Crunchbase"),
    ("techcrunch/real-2011-zuckerberg-2005", "Learn more"),
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
    ("theverge/real-chorus-2016-feature-surface", 17),
    ("arstechnica/real-2016-connected-renter", 1),
]

_IMG = re.compile(r"<img\b")
_outputs: dict[str, dict[str, object]] = {}


def _article(name: str) -> dict[str, object]:
    if name not in _outputs:
        _outputs[name] = case_output(Case(CASES / name))
    return _outputs[name]


def _text(name: str, field: str) -> str:
    value = _article(name).get(field)
    return value if isinstance(value, str) else ""


def _id(name: str, fact: object) -> str:
    return f"{name}:{str(fact)[:40]}"


@pytest.mark.parametrize(("case", "title", "authors", "date"), HEADERS, ids=[name for name, *_ in HEADERS])
def test_title_authors_and_date_are_the_pages(case: str, title: str, authors: list[str], date: str) -> None:
    article = _article(case)
    assert (article["title"], article["authors"], article["date_published"]) == (title, authors, date)


@pytest.mark.parametrize(("case", "text"), FIRST_PARAGRAPHS, ids=[_id(*fact) for fact in FIRST_PARAGRAPHS])
def test_first_paragraph_is_in_the_body(case: str, text: str) -> None:
    assert text in _text(case, "body_text")


@pytest.mark.parametrize(("case", "text"), STARTS, ids=[_id(*fact) for fact in STARTS])
def test_body_starts_with_the_story(case: str, text: str) -> None:
    assert _text(case, "body_text").startswith(text)


@pytest.mark.parametrize(("case", "text"), LAST_PARAGRAPHS, ids=[_id(*fact) for fact in LAST_PARAGRAPHS])
def test_body_ends_with_the_last_paragraph(case: str, text: str) -> None:
    assert _text(case, "body_text").endswith(text)


@pytest.mark.parametrize(("case", "text"), ABSENT, ids=[_id(*fact) for fact in ABSENT])
def test_boilerplate_is_not_in_the_body(case: str, text: str) -> None:
    assert text not in _text(case, "body_html")
    assert text not in _text(case, "body_text")


@pytest.mark.parametrize(("case", "markup"), PRESENT_MARKUP, ids=[_id(*fact) for fact in PRESENT_MARKUP])
def test_body_keeps_markup(case: str, markup: str) -> None:
    assert markup in _text(case, "body_html")


@pytest.mark.parametrize(("case", "count"), IMAGE_COUNTS, ids=[_id(*fact) for fact in IMAGE_COUNTS])
def test_body_image_count(case: str, count: int) -> None:
    assert len(_IMG.findall(_text(case, "body_html"))) == count
