"""Loaded once by the fork server that starts the processes tests kill (see helpers.fork_kg):
kg, its libraries and its compiled resources, from one build of the demo corpus to a file."""

from __future__ import annotations

import tempfile
from pathlib import Path

from kg.build.builder import build

with tempfile.TemporaryDirectory() as folder:
    build([], Path(folder) / "graph.trig")
