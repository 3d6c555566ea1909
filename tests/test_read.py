import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.pipeline.read import read_articles, read_file


def test_plain_text_with_date_header(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(" date 2020-02-07 BEIRUT - Troops entered the town.\n\nMore text.\n")
    (article,) = read_file(path)
    assert article.date == dt.date(2020, 2, 7)
    assert article.text.startswith("BEIRUT - Troops entered")
    assert article.id == "a"
    assert article.content_hash.startswith("sha256:") and len(article.content_hash) == 71


def test_plain_text_title_and_dateline(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text("Rebels push towards the M4 highway\n\n3 min read\n25 February, 2020\nText here.\n")
    (article,) = read_file(path)
    assert article.title == "Rebels push towards the M4 highway"
    assert article.date == dt.date(2020, 2, 25)


def test_markdown(tmp_path: Path) -> None:
    path = tmp_path / "c.md"
    path.write_text("# Talks in Moscow\n\nDate: 2020-03-05\n\nThe **leaders** met in [Moscow](http://x).\n")
    (article,) = read_file(path)
    assert article.title == "Talks in Moscow"
    assert article.date == dt.date(2020, 3, 5)
    assert "The leaders met in Moscow." in article.text


def test_jsonl_reports_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    good = {"id": "w1", "url": "https://example.org/1", "title": "T", "date": "2020-03-01", "text": "Saraqeb."}
    path.write_text(json.dumps(good) + "\n{not json}\n" + json.dumps({"id": "w3"}) + "\n")
    items = list(read_file(path))
    assert items[0].id == "w1" and items[0].url == "https://example.org/1"
    assert items[1].source.startswith(f"{path}:2") and "malformed JSON" in items[1].reason
    assert items[2].source == f"{path}:3" and "text" in items[2].reason


def test_non_utf8_and_empty_files_are_skipped_with_reason(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9 au lait")
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "ok.txt").write_text("Turkey backs the rebels.")
    result = read_articles([tmp_path])
    assert [a.id for a in result.articles] == ["ok"]
    reasons = {Path(s.source).name: s.reason for s in result.skipped}
    assert "not UTF-8" in reasons["bad.txt"] and "0xe9" in reasons["bad.txt"]
    assert reasons["empty.txt"] == "empty file"


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_articles([tmp_path / "missing"])


def test_duplicate_ids_get_a_suffix(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "x" / "same.txt").write_text("One.")
    (tmp_path / "y" / "same.txt").write_text("Two.")
    result = read_articles([tmp_path])
    assert sorted(a.id for a in result.articles) == ["same", "same-2"]


def test_offsets_refer_to_the_normalised_text(tmp_path: Path, extract) -> None:  # type: ignore[no-untyped-def]
    ex = extract("Rebels backed by Turkey advanced.\u00a0Clashes between Hay & # 39; et Tahrir al-Sham and the army went on.")
    assert ex.article.text.startswith("Rebels backed by Turkey advanced. Clashes between Hay'et Tahrir")
    spans = [ex.article.text[e.statement.start: e.statement.end] for e in ex.evidence]
    assert spans == ["Rebels backed by Turkey"]
    for item in ex.evidence:
        sentence = ex.sentences[item.sentence]
        assert ex.article.text[sentence.start: sentence.end] == sentence.text


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_crash_the_reader(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "f.txt"
    path.write_bytes(data)
    for item in read_file(path):
        assert item.source
