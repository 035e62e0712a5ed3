"""Scrapy add-on wiring newscrawl's optional download handlers once every setting (``-s`` included) is known."""

from __future__ import annotations

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings


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
        # Politeness delays protect live sites; recordings and a local mirror need none. The project's own
        # delays outrank an add-on, so they are overridden here unless the user set them on the command line.
        for name, value in (("DOWNLOAD_DELAY", 0), ("AUTOTHROTTLE_ENABLED", False)):
            if (settings.getpriority(name) or 0) <= SETTINGS_PRIORITIES["project"]:
                settings.set(name, value, priority="spider")
