"""Finding article URLs: feeds, sitemaps, embedded JSON lists. Pure functions over bytes or text."""
