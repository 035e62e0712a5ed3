"""The archive on disk: Hexo posts, the JSON-lines archive and the ledger that remembers what was written."""
