"""Scrapy add-on wiring newscrawl's optional download handlers once every setting (``-s`` included) is known."""

from __future__ import annotations

from scrapy.settings import BaseSettings


class NetworkStandInAddon:
    """Replace the http(s) download handlers in replay or origin-override mode."""

    def update_settings(self, settings: BaseSettings) -> None:
        if settings.get("NEWSCRAWL_REPLAY_DIR"):
            handler = "newscrawl.downloadhandlers.replay.ReplayDownloadHandler"
        elif settings.get("NEWSCRAWL_ORIGIN_OVERRIDE"):
            handler = "newscrawl.downloadhandlers.origin_override.OriginOverrideDownloadHandler"
        else:
            return
        handlers = settings.getdict("DOWNLOAD_HANDLERS")
        handlers.update({"http": handler, "https": handler})
        settings.set("DOWNLOAD_HANDLERS", handlers, priority="addon")
