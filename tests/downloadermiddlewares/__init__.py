"""Tests of newscrawl.downloadermiddlewares, without a network: decisions on URLs and addresses, in-process."""
