"""Download handlers that stand in for the network: replay from recordings, or fetch from another origin."""
