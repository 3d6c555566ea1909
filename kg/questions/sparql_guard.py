"""Queries that would reach beyond the machine: a SPARQL `SERVICE` clause makes the engine send
part of the query to the host it names, so a query is refused when it has one, unless the user
allows it.

A small lexer reads the query as the SPARQL grammar does, so the keyword in a comment, a string
literal, an IRI, a variable or a prefixed name does not count. Where the lexer and Oxigraph's
parser could read a stretch of text differently (`trueSERVICE`, `1SERVICE`, `SERVICE:x {` read
as `SERVICE :x {`), it errs on the side of finding the keyword.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.common.errors import QueryError

_KEYWORD = "service"
_QUIET = "silent"

_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_ESCAPE = rf"\\[tbnrf\\\"']|{_UCHAR}"
# Python's \w stands for SPARQL's name characters, which it nearly matches and compiles much
# faster. Where they differ, either the engine rejects the query or the lexer splits a name the
# engine reads whole, which can only find the keyword more often.
_NAME_CHAR = r"\w\-\u00B7\u0300-\u036F\u203F-\u2040"
_LOCAL_ESCAPE = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_TOKEN = re.compile(
    rf"""
    (?P<space>[ \t\r\n]+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|"(?!"")|{_ESCAPE})*\"\"\"
             | '''(?:[^'\\]|'(?!'')|{_ESCAPE})*'''
             | "(?:[^"\\\r\n]|{_ESCAPE})*"
             | '(?:[^'\\\r\n]|{_ESCAPE})*')
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
  | (?P<variable>[?$]\w[\w\u00B7\u0300-\u036F\u203F-\u2040]*)
  | (?P<blank>_:\w(?:[{_NAME_CHAR}.]*[{_NAME_CHAR}])?)
  | (?P<language>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
  | (?P<pname>(?:[^\W\d_](?:[{_NAME_CHAR}.]*[{_NAME_CHAR}])?)?:
               (?:(?:[{_NAME_CHAR}:]|{_LOCAL_ESCAPE})(?:(?:[{_NAME_CHAR}.:]|{_LOCAL_ESCAPE})*
                                                    (?:[{_NAME_CHAR}:]|{_LOCAL_ESCAPE}))?)?)
  | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<word>[A-Za-z_]+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    offset: int


@dataclass(frozen=True)
class ServiceClause:
    """Where a query's first SERVICE clause is (line and column from 1) and the endpoint it
    names as written (an IRI, a prefixed name or a variable; empty when none follows)."""

    line: int
    column: int
    target: str


def tokens(text: str) -> list[Token]:
    """The query's tokens, without white space and comments."""
    found: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            found.append(Token(kind, match.group(), match.start()))
    return found


def _is_service(token: Token, following: Token | None) -> bool:
    """A bare word holding the keyword (no other word does), or a prefixed name that starts
    with it and is followed by a group, which the parser may read as the keyword, then a
    prefixed name, then the group sent away."""
    text = token.text.lower()
    if token.kind == "word":
        return _KEYWORD in text
    opens_group = following is not None and following.text == "{"
    return token.kind == "pname" and text.startswith(_KEYWORD) and opens_group


def _target(token: Token, following: list[Token]) -> str:
    if token.kind == "pname":
        return token.text[len(_KEYWORD):]
    for after in following[:2]:
        if after.kind == "word" and after.text.lower() == _QUIET:
            continue
        if after.kind in ("iri", "pname", "variable"):
            return after.text
        break
    return ""


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _decoded(text: str) -> str:
    def decode(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group()

    return _CODEPOINT.sub(decode, text)


def find_service(text: str) -> ServiceClause | None:
    """The first SERVICE clause of the query, or None when it has none. SPARQL lets a query
    spell any character as `\\uXXXX`; Oxigraph decodes these only in strings and IRIs, but the
    query is also read with them decoded, in case an engine decodes them first."""
    found = _first_service(text)
    if found is None and (decoded := _decoded(text)) != text:
        found = _first_service(decoded)
    return found


def _first_service(text: str) -> ServiceClause | None:
    found = tokens(text)
    for index, token in enumerate(found):
        if _is_service(token, found[index + 1] if index + 1 < len(found) else None):
            line, column = _position(text, token.offset + token.text.lower().find(_KEYWORD))
            return ServiceClause(line, column, _target(token, found[index + 1:]))
    return None


def service_refused(clause: ServiceClause, source: str = "query") -> QueryError:
    """The error that refuses a query with this SERVICE clause."""
    target = f" {clause.target}" if clause.target else ""
    return QueryError(f"{source}:{clause.line}:{clause.column}: SERVICE{target} would send the query to another "
                      "host; pass --allow-service to allow it")
