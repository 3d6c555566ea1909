"""Loaded once by the fork server that starts the processes tests kill (see helpers.fork_kg):
kg, its libraries and its compiled resources, from one build of the demo corpus to a file, and
every pattern's expression, which a build compiles only when a text first needs it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from kg.build.builder import build, extraction_resources
from kg.build.pipeline.patterns import compile_all

with tempfile.TemporaryDirectory() as folder:
    build([], Path(folder) / "graph.trig")
compile_all(extraction_resources().patterns)
