"""Export a `KnowledgeGraph`: RDF files, GraphML or GEXF networks, CSV tables.

Every file is written to a temporary file next to its target and moved into
place only once it is complete, so a failed export leaves no half-written file.

Formats
-------
=========== =============== =====================================================
format      suffix          what
=========== =============== =====================================================
turtle      ``.ttl``        every triple (ontology included), Turtle
nt          ``.nt``         every triple, N-Triples
json-ld     ``.jsonld``     every triple, JSON-LD with the project's prefixes
trig        ``.trig``       every triple in the default graph, TriG
graphml     ``.graphml``    entities as nodes, relations as edges (yEd, Cytoscape)
gexf        ``.gexf``       the same network for Gephi
csv         a folder        ``entities.csv``, ``relations.csv``, ``observations.csv``
parquet     a folder        the same tables and ``evidence.parquet``, typed (pyarrow)
=========== =============== =====================================================
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from rdflib import Graph

from ._files import write_all_atomic
from ._namespaces import PREFIXES, prefixed_name
from ._sparql import read_query
from .errors import InputError

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from .graph import KnowledgeGraph

__all__ = ["EXPORT_FORMATS", "export", "guess_export_format", "network"]

EXPORT_FORMATS = {
    "turtle": ".ttl",
    "nt": ".nt",
    "json-ld": ".jsonld",
    "trig": ".trig",
    "graphml": ".graphml",
    "gexf": ".gexf",
    "csv": "",
    "parquet": "",
}
_ALIASES = {
    "ttl": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "jsonld": "json-ld",
    "json": "json-ld",
    "gephi": "gexf",
}
_SUFFIXES = {suffix: name for name, suffix in EXPORT_FORMATS.items() if suffix}
_SUFFIXES[".json"] = "json-ld"
_ORG = "http://www.w3.org/ns/org#"


def guess_export_format(path: str | os.PathLike[str], format: str | None = None) -> str:
    """The canonical export format for ``format`` (an alias is fine) or for the path's suffix.

    Raises
    ------
    InputError
        Unknown format, or no format and a suffix that names none.

    Examples
    --------
    >>> guess_export_format("out/graph.gexf"), guess_export_format("x", "ttl")
    ('gexf', 'turtle')
    >>> guess_export_format("tables/")
    Traceback (most recent call last):
    ...
    policygraph.errors.InputError: tables/: cannot tell the export format from the file name; ...
    """
    if format is not None:
        name = _ALIASES.get(format.lower(), format.lower())
        if name not in EXPORT_FORMATS:
            known = ", ".join(EXPORT_FORMATS)
            raise InputError(f"unknown export format {format!r}; choose one of {known}")
        return name
    suffix = Path(path).suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    known = ", ".join(EXPORT_FORMATS)
    raise InputError(
        f"cannot tell the export format from the file name; pass one of {known}", path=path
    )


def export(
    kg: KnowledgeGraph, path: str | os.PathLike[str], format: str | None = None
) -> list[Path]:
    """Write ``kg`` to ``path`` in ``format`` and return the files written.

    See `KnowledgeGraph.export`.
    """
    name = guess_export_format(path, format)
    target = Path(path)
    if name in ("csv", "parquet"):
        return _write_tables(kg, target, name)
    if target.is_dir():
        raise InputError("is a folder; give a file name", path=target)
    if name in ("graphml", "gexf"):
        import networkx as nx

        writer: Callable[[Any, IO[bytes]], None] = (
            nx.write_graphml if name == "graphml" else nx.write_gexf
        )
        buffer = io.BytesIO()
        writer(network(kg), buffer)
        return write_all_atomic({target: buffer.getvalue()})
    return write_all_atomic({target: _rdf_bytes(kg, name)})


def _rdf_bytes(kg: KnowledgeGraph, name: str) -> bytes:
    """Every triple of ``kg`` in an RDF format, literals kept exactly as written.

    rdflib's Turtle writer rewrites ``"20"^^xsd:decimal`` as ``20.0``, a different
    literal; N-Triples keeps every lexical form, and Oxigraph turns it into Turtle or
    TriG without touching them.
    """
    if name == "json-ld":
        context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        graph = kg.graph
        if kg.store != "memory":
            # the JSON-LD writer probes lists with any term as subject, literals too,
            # which a store may refuse: write from a plain in-memory copy
            graph = Graph()
            graph += kg.graph
        return graph.serialize(format="json-ld", context=context, indent=1, encoding="utf-8")
    ntriples = kg.graph.serialize(format="nt", encoding="utf-8")
    if name == "nt":
        return ntriples
    import pyoxigraph

    output = pyoxigraph.RdfFormat.TURTLE if name == "turtle" else pyoxigraph.RdfFormat.TRIG
    quads = pyoxigraph.parse(ntriples, format=pyoxigraph.RdfFormat.N_QUADS)
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    if output == pyoxigraph.RdfFormat.TURTLE:
        triples = (quad.triple for quad in quads)
        text = pyoxigraph.serialize(triples, format=output, prefixes=prefixes)
    else:
        text = pyoxigraph.serialize(quads, format=output, prefixes=prefixes)
    assert text is not None  # no output file given: Oxigraph returns the bytes
    return text


def network(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """Entities as nodes and reified relations as edges, with GraphML/GEXF-safe attributes.

    Node ids are the entities' IRIs; nodes carry ``label`` (zh), ``label_zh``,
    ``label_en`` and ``kind``; edges carry ``relation`` (the property's short name),
    ``year`` (0 when unknown) and ``quote``.

    Examples
    --------
    >>> import policygraph as pg
    >>> graph = network(pg.load())
    >>> graph.nodes["https://w3id.org/policygraph/id/hangzhou"]["label_en"]
    'Hangzhou'
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    entities = kg.entities()
    for row in entities.to_dict("records"):
        graph.add_node(
            str(row["iri"]),
            label=_text(row["label_zh"]) or _text(row["label_en"]),
            label_zh=_text(row["label_zh"]),
            label_en=_text(row["label_en"]),
            kind=str(row["kind"]),
        )
    for row in _relations(kg).to_dict("records"):
        for end in ("subject", "object"):
            node = str(row[end])
            if node not in graph:
                zh, en = _text(row[f"{end}_label_zh"]), _text(row[f"{end}_label_en"])
                graph.add_node(node, label=zh or en or node, label_zh=zh, label_en=en, kind="")
        graph.add_edge(
            str(row["subject"]),
            str(row["object"]),
            key=str(row["relation"]),
            relation=str(row["relation"]),
            year=0 if row["year"] is None else int(row["year"]),
            quote=_text(row["quote"]),
        )
    return graph


def entities_table(kg: KnowledgeGraph) -> pd.DataFrame:
    """Entities with their kind, zh and en labels (the ``entities.csv`` table)."""
    return kg.entities().drop(columns=["kind_iri"])


def _relations(kg: KnowledgeGraph) -> pd.DataFrame:
    """One row per reified relation, with its first quote (the ``relations.csv`` table)."""
    frame = kg.query(read_query("api/relations"))
    frame = frame.sort_values(["assertion", "start"], na_position="last")
    frame = frame.drop_duplicates("assertion").reset_index(drop=True)
    frame["relation"] = frame["property"].map(_short_property)
    frame = frame.rename(
        columns={
            "subject_zh": "subject_label_zh",
            "subject_en": "subject_label_en",
            "object_zh": "object_label_zh",
            "object_en": "object_label_en",
        }
    )
    frame["year"] = frame["year"].astype("Int64")
    frame["start"] = frame["start"].astype("Int64")
    frame = frame.astype(object).where(frame.notna(), None)
    columns = [
        "subject",
        "subject_label_zh",
        "subject_label_en",
        "relation",
        "object",
        "object_label_zh",
        "object_label_en",
        "year",
        "quote",
        "start",
        "assertion",
    ]
    return frame[columns].sort_values(["subject", "relation", "object"]).reset_index(drop=True)


def _short_property(iri: str) -> str:
    return prefixed_name(iri, bare="pg")


def _text(value: object) -> str:
    return "" if value is None or value != value else str(value)  # NaN != NaN


def tables(kg: KnowledgeGraph) -> dict[str, pd.DataFrame]:
    """The tables of the CSV and Parquet exports, by name."""
    return {
        "entities": entities_table(kg),
        "relations": _relations(kg),
        "observations": kg.observations(),
    }


def _write_tables(kg: KnowledgeGraph, folder: Path, name: str = "csv") -> list[Path]:
    if folder.exists() and not folder.is_dir():
        raise InputError(f"exists and is not a folder; {name} export writes a folder", path=folder)
    frames = tables(kg)
    if name == "parquet":
        from ._parquet import evidence_table, parquet_bytes

        frames["evidence"] = evidence_table(kg)
        files = {folder / f"{key}.parquet": parquet_bytes(frame) for key, frame in frames.items()}
    else:
        files = {
            folder / f"{key}.csv": frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
            for key, frame in frames.items()
        }
    folder.mkdir(parents=True, exist_ok=True)
    return write_all_atomic(files)
