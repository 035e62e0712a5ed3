"""Posts pointing at archived image copies (``NEWSCRAWL_POST_IMAGES=local``): ``<img src>`` rewritten, nothing else.

Only the ``src`` value of ``<img>`` tags whose image was archived changes; every other byte of the body stays as
extracted, so a post differs from its remote-image twin in those URLs alone. An image that could not be archived
keeps its remote URL.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath

from newscrawl.archive.images import IMAGES_FOLDER

_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC_ATTRIBUTE = re.compile(r"""(\ssrc\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def local_image_sources(image_files: Iterable[Mapping[str, str]], url_prefix: str) -> dict[str, str]:
    """Remote image URL -> the URL the Hexo site serves its copy at (``url_prefix`` + path under ``images/``)."""
    sources = {}
    for image in image_files:
        relative = PurePosixPath(image["path"]).relative_to(IMAGES_FOLDER)
        sources[image["url"]] = url_prefix.rstrip("/") + "/" + relative.as_posix()
    return sources


def rewrite_image_sources(body_html: str, sources: Mapping[str, str]) -> str:
    """``body_html`` with each ``<img src>`` found in ``sources`` replaced by its local URL."""
    if not sources:
        return body_html

    def rewrite_source(match: re.Match[str]) -> str:
        written = match[2] if match[2] is not None else match[3]
        local = sources.get(html.unescape(written))
        if local is None:
            return match[0]
        quote = '"' if match[2] is not None else "'"
        return f"{match[1]}{quote}{html.escape(local, quote=True)}{quote}"

    return _IMG_TAG.sub(lambda tag: _SRC_ATTRIBUTE.sub(rewrite_source, tag[0], count=1), body_html)
