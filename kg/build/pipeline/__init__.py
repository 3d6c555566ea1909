"""The stages of one article's extraction, one module each: read, normalise, segment, discover,
mentions, patterns and match, resolve, events and dates, then quads with their provenance.
`extract` runs them in order."""
