"""Spider middlewares, one concern per module."""
