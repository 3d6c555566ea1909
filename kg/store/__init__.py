"""The store: the bridge to rdflib and Oxigraph (the only code that knows their internals), the
replacement of a store folder, the shipped graphs every command reads, and curated files."""
