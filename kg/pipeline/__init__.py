"""The stages of the build, one module each: read, normalise, segment, mentions, patterns,
resolve, extract, build, validate."""
