"""kg: build a validated, traceable RDF knowledge graph from conflict reporting."""

__version__ = "0.1.0"
