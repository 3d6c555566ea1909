"""Validation: SHACL shapes run over built and hand-written graphs, findings in plain words,
unknown names with suggestions, and the checks on an analyst's reference files."""
