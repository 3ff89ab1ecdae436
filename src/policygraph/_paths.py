"""Locate the bundled ontology, graph and queries in a checkout or an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = [
    "data_root",
    "kg_dir",
    "ontology_dir",
    "ontology_file",
    "queries_dir",
    "release_file",
    "shapes_file",
]

_PACKAGE_DIR = Path(__file__).resolve().parent
_RELEASE_SUFFIX = {"turtle": "ttl", "nt": "nt", "json-ld": "jsonld", "trig": "trig"}


@cache
def data_root() -> Path:
    """Return the folder that holds ``ontology/``, ``kg/`` and ``queries/``.

    An installed wheel carries them in ``policygraph/_data``; a checkout (or an
    editable install) has them at the top of the repository.
    """
    bundled = _PACKAGE_DIR / "_data"
    if (bundled / "ontology").is_dir():
        return bundled
    checkout = _PACKAGE_DIR.parents[1]
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError(
        f"policygraph data not found in {bundled} nor in {checkout}; reinstall the package"
    )


def ontology_dir() -> Path:
    """Folder of the hand-edited ontology and the SHACL shapes."""
    return data_root() / "ontology"


def ontology_file() -> Path:
    """The OWL 2 ontology, ``ontology/policygraph.ttl``."""
    return ontology_dir() / "policygraph.ttl"


def shapes_file() -> Path:
    """The SHACL shapes, ``ontology/shapes.ttl``."""
    return ontology_dir() / "shapes.ttl"


def kg_dir() -> Path:
    """Folder of sources, annotations and release files."""
    return data_root() / "kg"


def queries_dir() -> Path:
    """Folder of the named SPARQL queries."""
    return data_root() / "queries"


def release_file(fmt: str = "nt") -> Path:
    """Path of a release file of the bundled graph, by rdflib format name or suffix."""
    suffix = _RELEASE_SUFFIX.get(fmt, fmt)
    return kg_dir() / "release" / f"policygraph.{suffix}"
