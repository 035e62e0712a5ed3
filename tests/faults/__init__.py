"""The fault matrix: crawls of a misbehaving loopback site, judged by its request log and the archive."""
