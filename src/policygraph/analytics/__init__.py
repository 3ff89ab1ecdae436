"""Analytics with NetworkX: lineage, places and initiatives, the whole graph, targets.

Plain functions in the networkx style. Each takes a `KnowledgeGraph` or the NetworkX
graph built from one, and returns a NetworkX graph or a pandas DataFrame:

* lineage: `lineage_graph`, `lineage`, `lineage_subgraph`, `lineage_issues`,
  `lineage_chain`, `search_path_count`, `main_path`, `longest_chain`, `path_table`;
* places and initiatives: `city_initiative_graph`, `place_projection`,
  `initiative_projection`, `place_summary`, `initiative_summary`, `carriers`;
* the whole graph: `to_networkx`, `centrality`, `communities`, `timeline`;
* targets and growth: `growth_needed`, `target_gaps`, `source_checks`;
* diffusion: `diffusion`, `place_initiatives`, `most_adopted`;
* evidence: `evidence_of` (of one node or assertion, when it is asked for).

The graph builders (`lineage_graph`, `city_initiative_graph`) read the evidence of
every node and edge unless called with ``evidence=False``; the algorithms that take a
knowledge graph and return no evidence (paths, summaries, tables) build without it.

Lineage edges keep the direction of the RDF: from the later thing to the earlier one
it descends from (``u → v``, ``relation="buildsOn"``: u builds on v). Paths are always
returned earliest first. See `policygraph.analytics.lineage`.

Examples
--------
>>> import policygraph as pg
>>> from policygraph import analytics
>>> kg = pg.load()
>>> chain = analytics.longest_chain(kg)
>>> analytics.lineage_graph(kg).nodes[chain[0]]["label_zh"]
'八八战略'
"""

from __future__ import annotations

from ._rdf import evidence_of
from .cities import (
    DEFAULT_ROLES,
    ROLES,
    carriers,
    city_initiative_graph,
    initiative_projection,
    initiative_summary,
    place_projection,
    place_summary,
)
from .diffusion import ADOPTION_ROLES, Diffusion, diffusion, most_adopted, place_initiatives
from .lineage import (
    acyclic_lineage,
    lineage,
    lineage_chain,
    lineage_graph,
    lineage_issues,
    lineage_subgraph,
    longest_chain,
    main_path,
    path_table,
    search_path_count,
)
from .network import centrality, communities, timeline, to_networkx
from .targets import growth_needed, source_checks, target_gaps

__all__ = [
    "ADOPTION_ROLES",
    "DEFAULT_ROLES",
    "ROLES",
    "Diffusion",
    "acyclic_lineage",
    "carriers",
    "centrality",
    "city_initiative_graph",
    "communities",
    "diffusion",
    "evidence_of",
    "growth_needed",
    "initiative_projection",
    "initiative_summary",
    "lineage",
    "lineage_chain",
    "lineage_graph",
    "lineage_issues",
    "lineage_subgraph",
    "longest_chain",
    "main_path",
    "most_adopted",
    "path_table",
    "place_initiatives",
    "place_projection",
    "place_summary",
    "search_path_count",
    "source_checks",
    "target_gaps",
    "timeline",
    "to_networkx",
]
