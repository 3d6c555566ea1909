"""Named exceptions of the library. Only the CLI turns them into messages and exit codes."""

from __future__ import annotations

from pathlib import Path


class KgError(Exception):
    """Base class: a problem the user can fix. `str(err)` is one line that says what and how."""


class InputError(KgError):
    """An input file or option that cannot be used (exit code 2)."""

    def __init__(
        self,
        source: str | Path,
        problem: str,
        remedy: str,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.source = str(source)
        self.problem = problem
        self.remedy = remedy
        self.line = line
        self.column = column
        super().__init__(self._render())

    def _render(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.problem}; {self.remedy}"


class UsageError(KgError):
    """A command used with arguments that do not fit (exit code 2)."""


class QueryError(KgError):
    """A SPARQL query that cannot be run (exit code 2)."""


class DataError(KgError):
    """A broken data file shipped with the project or given as ontology, shapes or patterns."""
