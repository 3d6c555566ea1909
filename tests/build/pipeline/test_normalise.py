from hypothesis import given
from hypothesis import strategies as st

from kg.build.pipeline.normalise import normalise


def test_repairs_spaced_numeric_entities() -> None:
    assert normalise("Hay & # 39; et Tahrir") == "Hay'et Tahrir"


def test_repairs_mangled_quot() -> None:
    assert normalise('the province,quot; after') == 'the province" after'
    assert normalise("&quot;dangerously,quot; close") == '"dangerously" close'


def test_removes_template_markers() -> None:
    assert normalise("x %MINIFYHTML965d9585dcfd7702f3c18718908ef2e011% y") == "x y"


def test_straightens_curly_quotes_and_no_break_spaces() -> None:
    assert normalise("\u201cSyria\u2019s\u00a0war\u201d") == "\"Syria's war\""


def test_collapses_blank_lines_and_trims() -> None:
    assert normalise("  a  \r\n\r\n\r\n\r\nb ") == "a\n\nb"


@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
