"""The store: the bridge to rdflib and Oxigraph (`bridge`, the public surface, over the conversion of
terms, RDF files and loading: the only code that knows their internals), the
replacement of a store folder, the shipped graphs every command reads, and curated files."""
