"""Pure extraction: a fetched page in, Article fields (each with its source) out."""
