"""Extraction measured against an analyst's gold file (`kg evaluate`): precision and recall of
the canned queries' answers per kind, matched by the rules of the shared scorer."""

from __future__ import annotations

from kg.evaluation.render import check_format, render
from kg.evaluation.run import Evaluation, evaluate

__all__ = ["Evaluation", "check_format", "evaluate", "render"]
