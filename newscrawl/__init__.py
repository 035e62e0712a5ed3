"""newscrawl: tech-news portals crawled into archive-exact Hexo posts and JSON lines."""
