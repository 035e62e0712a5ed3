"""Item pipelines, one per file: normalise, validate, drop, write."""
