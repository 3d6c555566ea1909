"""A build killed halfway leaves the previous output readable and unchanged."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from kg.common import resources
from kg.store.bridge import read_dataset


def test_killed_build_leaves_the_previous_graph(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for k in range(150):
        for article in sorted(resources.demo_corpus_dir().glob("*.txt")):
            shutil.copy(article, corpus / f"{k:03d}-{article.name}")
    output = tmp_path / "graph.trig"
    previous = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "build", "-o", str(output)],
                              capture_output=True, check=False, timeout=300)
    assert previous.returncode == 0
    before = output.read_bytes()
    build = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "build", str(corpus),
                              "-o", str(output)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(2.5)
    assert build.poll() is None, "the build finished before it could be interrupted"
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=30)
    assert output.read_bytes() == before
    assert len(list(read_dataset([output]).graphs())) > 0
