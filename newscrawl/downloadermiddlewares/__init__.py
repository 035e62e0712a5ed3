"""Downloader middlewares: what may be fetched (private addresses, robots.txt per RFC 9309), how failures are
retried (``Retry-After``), how redirects end (loops, over-long chains); and the connection-time address filter."""
