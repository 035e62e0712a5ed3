"""Scrapy commands added by newscrawl (registered through COMMANDS_MODULE)."""
