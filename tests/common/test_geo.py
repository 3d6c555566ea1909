"""Great-circle distances between known places."""

from __future__ import annotations

import pytest

from kg.common.geo import EARTH_KM, distance_km

MOSUL = (36.34, 43.13)
RAQQA = (35.95, 39.01)
DEIR_EZ_ZOR = (35.34, 40.14)


def test_a_place_is_no_distance_from_itself() -> None:
    assert distance_km(MOSUL, MOSUL) == 0.0


def test_the_distance_is_the_same_both_ways() -> None:
    assert distance_km(RAQQA, MOSUL) == pytest.approx(distance_km(MOSUL, RAQQA))


def test_raqqa_to_deir_ez_zor_is_about_120_km() -> None:
    assert distance_km(RAQQA, DEIR_EZ_ZOR) == pytest.approx(123, abs=3)


def test_raqqa_to_mosul_is_about_375_km() -> None:
    assert distance_km(RAQQA, MOSUL) == pytest.approx(375, abs=5)


def test_a_degree_of_latitude_is_about_111_km() -> None:
    assert distance_km((35.0, 40.0), (36.0, 40.0)) == pytest.approx(111.19, abs=0.01)


def test_antipodes_are_half_the_circumference_apart() -> None:
    assert distance_km((0.0, 0.0), (0.0, 180.0)) == pytest.approx(3.141592653589793 * EARTH_KM)
