import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.build.pipeline.read import read_articles, read_file
from kg.common.errors import InputError


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
    assert spans == ["Rebels backed by Turkey", "Clashes between Hay'et Tahrir al-Sham and the army"]
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


def test_jsonl_caps_a_record_by_its_bytes_not_its_characters(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    accented = "\u00e9" * 1_100_000  # 1.1 million characters, 2.2 MB in UTF-8
    path.write_text(json.dumps({"id": "long", "text": accented}) + "\n"
                    + json.dumps({"id": "plain", "text": "a" * 1_900_000}) + "\n", encoding="utf-8")
    long, plain = read_file(path)
    assert long.source == f"{path}:1" and "2.2 MB, more than the 2 MB" in long.reason
    assert plain.id == "plain"


def test_jsonl_record_with_a_lone_surrogate_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_text('{"id": "a", "title": "T\\ud83d", "text": "Iran backs the army."}\n'
                    '{"id": "b", "text": "Russia backs the army."}\n', encoding="utf-8")
    odd, fine = read_file(path)
    assert odd.source == f"{path}:1" and "lone surrogate escape (\\ud83d)" in odd.reason
    assert fine.id == "b"


def test_jsonl_line_longer_than_a_record_is_passed_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kg.build.pipeline.read.MAX_RECORD_BYTES", 100)
    path = tmp_path / "wire.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "a", "text": "x" * 500}).encode() + b"\n"
                     + json.dumps({"id": "b", "text": "Turkey backs the rebels."}).encode() + b"\n")
    skipped, article = read_file(path)
    assert skipped.source == f"{path}:1" and "record of more than" in skipped.reason
    assert article.id == "b" and article.source == f"{path}:2"


def test_jsonl_with_a_bad_byte_loses_only_that_record(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_bytes(b'{"id": "a", "text": "caf\xe9"}\n{"id": "b", "text": "Turkey backs the rebels."}\n')
    skipped, article = read_file(path)
    assert skipped.source == f"{path}:1" and "not UTF-8" in skipped.reason
    assert article.id == "b"


def test_many_duplicate_ids_are_numbered_in_order(tmp_path: Path) -> None:
    lines = [{"id": "same-3", "text": "One."}] + [{"id": "same", "text": f"Text {k}."} for k in range(5)]
    (tmp_path / "w.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    ids = [a.id for a in read_articles([tmp_path]).articles]
    assert ids == ["same-3", "same", "same-2", "same-4", "same-5", "same-6"]


def test_markdown_title_date_and_text_from_a_long_line(tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    path.write_text("---\ndate: 2020-02-20\n---\n# Shelling near Sarmin #\n\n**Date**: 21 February 2020\n\n"
                    + "_x " * 50_000 + "\n\nRebels backed by *Turkey* advanced.\n", encoding="utf-8")
    (article,) = read_file(path)
    assert article.title == "Shelling near Sarmin"
    assert article.date == dt.date(2020, 2, 20)
    assert article.text.endswith("Rebels backed by Turkey advanced.")
