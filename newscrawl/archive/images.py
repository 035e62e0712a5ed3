"""Archived images: one file per distinct content, named by the SHA-256 of its bytes, written atomically.

Layout: ``<archive>/images/<first 2 hex>/<sha256><.ext>`` (two-level fan-out keeps folders small over years of
crawling). Two URLs serving the same bytes share one file; the extension comes from the bytes themselves
(magic numbers), else the ``Content-Type``, else the URL, so that a web server serves the right type.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from scrapy.pipelines.files import StatInfo

from newscrawl.archive.files import remove_stale_temporary_files, write_file_atomically

#: The images' folder inside the archive; paths in ``Article.image_files`` start with it.
IMAGES_FOLDER = "images"

_MAGIC_NUMBERS = (
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"GIF87a", ".gif"),
    (b"GIF89a", ".gif"),
    (b"BM", ".bmp"),
    (b"\x00\x00\x01\x00", ".ico"),
)
_CONTENT_TYPES = {
    "image/jpeg": ".jpg", "image/pjpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
    "image/avif": ".avif", "image/svg+xml": ".svg", "image/bmp": ".bmp", "image/x-icon": ".ico",
    "image/vnd.microsoft.icon": ".ico",
}
_KNOWN_EXTENSIONS = frozenset(_CONTENT_TYPES.values()) | {".jpeg"}


def image_extension(data: bytes, content_type: str | None = None, url: str = "") -> str:
    """``.png``, ``.jpg``… for these bytes; empty when nothing tells."""
    for magic, extension in _MAGIC_NUMBERS:
        if data.startswith(magic):
            return extension
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    if data[4:12] in (b"ftypavif", b"ftypavis"):
        return ".avif"
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type in _CONTENT_TYPES:
        return _CONTENT_TYPES[media_type]
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    if suffix in _KNOWN_EXTENSIONS:
        return ".jpg" if suffix == ".jpeg" else suffix
    guessed = mimetypes.guess_extension(media_type) if media_type.startswith("image/") else None
    return guessed or ""


def image_path(data: bytes, content_type: str | None = None, url: str = "") -> PurePosixPath:
    """Where these bytes are stored, relative to the archive folder: ``images/ab/ab12…ef.png``."""
    digest = hashlib.sha256(data).hexdigest()
    return PurePosixPath(IMAGES_FOLDER, digest[:2], digest + image_extension(data, content_type, url))


class ContentAddressedFilesStore:
    """A Scrapy files store (``FilesStoreProtocol``) for content-addressed paths under a base folder.

    A path names its content, so a file already there is never written again; a new one is written to a
    temporary name, fsync'd and renamed. Temporary files a killed run left are removed when the store opens.
    """

    def __init__(self, basedir: str) -> None:
        self.basedir = Path(basedir.split("://", 1)[1] if "://" in basedir else basedir)
        # Built with the pipeline, before the crawl can report anything: a folder that cannot be written is
        # reported when the pipeline opens (``probe_writable``), and then the crawl does not start.
        with contextlib.suppress(OSError):
            self.basedir.mkdir(parents=True, exist_ok=True)
            remove_stale_temporary_files(self.basedir / IMAGES_FOLDER)

    def persist_file(
        self, path: str, buf: BytesIO, info: Any, meta: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        target = self.basedir / path
        if not target.is_file():
            write_file_atomically(target, buf.getvalue())

    def stat_file(self, path: str, info: Any) -> StatInfo:
        target = self.basedir / path
        try:
            checksum = hashlib.sha256(target.read_bytes()).hexdigest()
            return {"last_modified": target.stat().st_mtime, "checksum": checksum}
        except OSError:
            return {}
