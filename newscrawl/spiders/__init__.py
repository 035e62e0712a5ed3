"""Spiders: what to fetch and in what order; extraction lives in newscrawl.extract."""
