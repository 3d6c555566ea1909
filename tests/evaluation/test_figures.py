"""Precision and recall of a figure, and figures pooled."""

from __future__ import annotations

import pytest

from kg.evaluation.figures import Figure, pooled


def test_precision_and_recall() -> None:
    figure = Figure("backs", "backs", correct=3, counted=4, found=3, required=6)
    assert (figure.precision, figure.recall) == (0.75, 0.5)


def test_nothing_counted_is_precision_0_and_nothing_required_recall_1() -> None:
    figure = Figure("casualties", "casualties", 0, 0, 0, 0)
    assert (figure.precision, figure.recall) == (0.0, 1.0)


def test_pooled_figures_sum_their_counts() -> None:
    parts = [Figure("backs", "backs", 3, 3, 3, 3), Figure("connects", "connects", 1, 2, 1, 4)]
    total = pooled("pairs", "pairs pooled", parts)
    assert total == Figure("pairs", "pairs pooled", 4, 5, 4, 7)
    assert total.precision == pytest.approx(0.8) and total.recall == pytest.approx(4 / 7)
    assert pooled("pairs", "none", []) == Figure("pairs", "none", 0, 0, 0, 0)
