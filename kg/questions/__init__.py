"""Questions to the graph: canned and ad-hoc SPARQL, kept answers, remote stores and the served
endpoint, and what changed between two graphs."""
