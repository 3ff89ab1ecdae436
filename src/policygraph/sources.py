"""Source documents: their text, metadata and sections, and quote resolution.

Sources are PDF-extracted, so line breaks and stray spaces fall inside words.
Quotes are matched with every whitespace character ignored, and resolved to
code-point offsets into the original text.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, InputError

__all__ = [
    "Section",
    "Source",
    "Span",
    "UniqueKeyLoader",
    "load_source",
    "load_sources",
    "load_yaml",
    "read_text",
    "strip_whitespace",
    "unique_mapping",
]


class DuplicateKeyError(yaml.MarkedYAMLError):
    """A mapping that gives one key twice (PyYAML would keep the last silently)."""


def unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    """Construct a mapping, refusing a key given twice (the error marks its second line)."""
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)  # type: ignore[no-untyped-call]
        try:
            first = seen.get(key)
        except TypeError:
            continue  # an unhashable key: construct_mapping reports it
        if first is not None:
            raise DuplicateKeyError(
                "while constructing a mapping",
                node.start_mark,
                f"duplicate key {key!r} (first given on line {first})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=True)  # type: ignore[return-value]


class UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML's safe loader, with a key given twice in one mapping as an error."""


UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, unique_mapping)


def strip_whitespace(text: str) -> str:
    """Remove every whitespace character (the PDF line breaks and stray spaces).

    Examples
    --------
    >>> strip_whitespace("数字\\n\\n中国 建设")
    '数字中国建设'
    """
    return "".join(text.split())


@dataclass(frozen=True)
class Span:
    """Half-open code-point range ``[start, end)`` into a source text."""

    start: int
    end: int


@dataclass(frozen=True)
class Section:
    """One part of a source document, from its heading to the next heading."""

    id: str
    index: int
    heading: str
    heading_en: str
    start: int
    end: int


@dataclass
class Source:
    """A source document with its metadata and sections.

    Examples
    --------
    >>> src = Source(id="demo", path=Path("demo.txt"), text="开 工建设\\n全国第一个", metadata={})
    >>> span = src.locate("开工建设")
    >>> (span.start, span.end, src.text[span.start:span.end])
    (0, 5, '开 工建设')
    """

    id: str
    path: Path
    text: str
    metadata: dict[str, Any]
    sections: list[Section] = field(default_factory=list)

    @cached_property
    def _stripped(self) -> tuple[str, list[int]]:
        kept: list[str] = []
        offsets: list[int] = []
        for index, char in enumerate(self.text):
            if not char.isspace():
                kept.append(char)
                offsets.append(index)
        return "".join(kept), offsets

    def find_all(self, quote: str) -> list[Span]:
        """Every occurrence of ``quote`` in the text, whitespace ignored."""
        needle = strip_whitespace(quote)
        if not needle:
            return []
        haystack, offsets = self._stripped
        spans = []
        position = haystack.find(needle)
        while position != -1:
            spans.append(Span(offsets[position], offsets[position + len(needle) - 1] + 1))
            position = haystack.find(needle, position + 1)
        return spans

    def locate(self, quote: str) -> Span:
        """Resolve a quote that must occur exactly once; raise `DataError` otherwise."""
        spans = self.find_all(quote)
        if not spans:
            raise DataError(f"quote not found in source {self.id!r}: {quote!r}")
        if len(spans) > 1:
            where = ", ".join(str(span.start) for span in spans)
            raise DataError(
                f"quote is ambiguous in source {self.id!r}: {quote!r} occurs {len(spans)} times "
                f"(at offsets {where}); quote more context"
            )
        return spans[0]

    def section_at(self, offset: int) -> Section | None:
        """The section that contains a code-point offset."""
        for section in self.sections:
            if section.start <= offset < section.end:
                return section
        return None

    @property
    def sha256(self) -> str:
        """SHA-256 of the file's bytes."""
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def load_yaml(path: str | os.PathLike[str], loader: type[yaml.SafeLoader] = UniqueKeyLoader) -> Any:
    """Parse a UTF-8 YAML file; `InputError` names the file and line of any fault.

    A key given twice in one mapping is an error (PyYAML alone keeps the last).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as handle:
    ...     _ = handle.write("id: a\\nlabel: x\\nid: b\\n")
    >>> try:
    ...     load_yaml(handle.name)
    ... except InputError as error:
    ...     print(error.line, error.reason)
    3 malformed YAML: duplicate key 'id' (first given on line 1)
    """
    path = Path(path)
    text = read_text(path)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise InputError(f"malformed YAML: {exc.problem}", path=path, line=line) from exc
    except yaml.YAMLError as exc:  # e.g. a control character (ReaderError)
        raise InputError(f"malformed YAML: {exc}", path=path) from exc


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a UTF-8 text file, with a clear error for binary or non-UTF-8 input."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from exc
    if b"\x00" in raw:
        raise InputError("looks like a binary file, expected UTF-8 text", path=path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"not valid UTF-8 (byte {exc.start}); convert it to UTF-8 first", path=path, line=line
        ) from exc
    if not text.strip():
        raise InputError("the file is empty", path=path)
    return text


def _sections(source: Source, specs: Sequence[dict[str, Any]], meta_path: Path) -> list[Section]:
    starts: list[tuple[int, dict[str, Any]]] = []
    for index, spec in enumerate(specs):
        heading = str(spec.get("heading") or spec.get("zh") or "")
        if not heading:
            raise InputError(f"section {index} has no heading", path=meta_path)
        start = 0 if index == 0 else source.locate(heading).start
        starts.append((start, spec))
    if [start for start, _ in starts] != sorted(start for start, _ in starts):
        raise InputError("sections are not in document order", path=meta_path)
    sections = []
    for index, (start, spec) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(source.text)
        sections.append(
            Section(
                id=str(spec.get("id", f"s{index}")),
                index=index,
                heading=strip_whitespace(str(spec.get("heading") or spec.get("zh"))),
                heading_en=str(spec.get("en") or spec.get("heading_en") or ""),
                start=start,
                end=end,
            )
        )
    return sections


def load_source(meta_path: str | os.PathLike[str]) -> Source:
    """Load a source from its metadata file (``kg/sources/<id>.yaml``)."""
    meta_path = Path(meta_path)
    metadata = load_yaml(meta_path)
    if not isinstance(metadata, dict):
        raise InputError("expected a mapping of metadata", path=meta_path)
    source_id = str(metadata.get("id") or meta_path.stem)
    text_path = meta_path.with_name(str(metadata.get("file") or f"{source_id}.txt"))
    source = Source(id=source_id, path=text_path, text=read_text(text_path), metadata=metadata)
    declared = metadata.get("sha256")
    if declared and declared != source.sha256:
        raise InputError(
            f"sha256 of {text_path.name} is {source.sha256}, metadata says {declared}",
            path=meta_path,
        )
    try:
        source.sections = _sections(source, metadata.get("sections") or [], meta_path)
    except DataError as exc:
        raise InputError(f"section heading: {exc}", path=meta_path) from exc
    return source


def load_sources(folder: str | os.PathLike[str]) -> dict[str, Source]:
    """Every source described by a ``*.yaml`` metadata file in a folder, by id."""
    sources: dict[str, Source] = {}
    for meta_path in sorted(Path(folder).glob("*.yaml")):
        source = load_source(meta_path)
        if source.id in sources:
            raise InputError(f"two sources share the id {source.id!r}", path=meta_path)
        sources[source.id] = source
    return sources
