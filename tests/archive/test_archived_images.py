"""Archived image files: named by the SHA-256 of their bytes, typed by their bytes, written once, atomically."""

from __future__ import annotations

import hashlib
import os
import time
from io import BytesIO
from pathlib import Path

import pytest

from newscrawl.archive.files import STALE_TEMPORARY_SECONDS
from newscrawl.archive.images import ContentAddressedFilesStore, image_extension, image_path

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20


@pytest.mark.parametrize(("data", "content_type", "url", "extension"), [
    (PNG, "image/jpeg", "https://a/x.jpg", ".png"),            # the bytes win over what the server says
    (JPEG, None, "https://a/x", ".jpg"),
    (b"GIF89a....", None, "", ".gif"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", None, "", ".webp"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml; charset=utf-8", "", ".svg"),
    (b"unknown", None, "https://a/b/photo.JPEG?x=1", ".jpg"),
    (b"unknown", "application/octet-stream", "https://a/b/photo", ""),
])
def test_image_extension(data: bytes, content_type: str | None, url: str, extension: str) -> None:
    assert image_extension(data, content_type, url) == extension


def test_the_path_is_the_hash_of_the_bytes_not_of_the_url() -> None:
    digest = hashlib.sha256(PNG).hexdigest()
    assert str(image_path(PNG, url="https://a/1.png")) == f"images/{digest[:2]}/{digest}.png"
    assert image_path(PNG, url="https://a/1.png") == image_path(PNG, url="https://b/other.gif")
    assert image_path(PNG) != image_path(PNG + b"\x00")


def test_store_writes_a_content_once(tmp_path: Path) -> None:
    store = ContentAddressedFilesStore(str(tmp_path))
    path = str(image_path(PNG))
    store.persist_file(path, BytesIO(PNG), info=None)
    first = (tmp_path / path).stat().st_mtime_ns
    time.sleep(0.01)
    store.persist_file(path, BytesIO(PNG), info=None)
    assert (tmp_path / path).stat().st_mtime_ns == first
    assert (tmp_path / path).read_bytes() == PNG
    assert store.stat_file(path, info=None)["checksum"] == hashlib.sha256(PNG).hexdigest()
    assert store.stat_file("images/00/missing.png", info=None) == {}
    assert [p.name for p in (tmp_path / path).parent.iterdir()] == [Path(path).name]


def test_store_removes_temporary_images_left_by_a_killed_run(tmp_path: Path) -> None:
    leftover = tmp_path / "images" / "ab" / ".newscrawl-x.tmp"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(PNG[:5])
    os.utime(leftover, (time.time() - STALE_TEMPORARY_SECONDS - 1,) * 2)
    ContentAddressedFilesStore(f"file://{tmp_path}")
    assert not leftover.exists()
