"""Network analysis of the projected graph: one family of measures per module.

Every function takes a NetworkX projection (see :func:`geokg.projection.project`) or a
:class:`~geokg.knowledge.KnowledgeGraph`, and returns plain data (dataclasses, dicts, lists); nothing
prints.

Modules
-------
simple
    Collapse the multigraph of ties into a simple graph with valid weights (count, mean ``|stance|``).
centrality
    Degree, in/out-degree, betweenness, closeness, harmonic, eigenvector, PageRank, Katz.
paths
    Shortest paths between two actors, hop by hop with the ties that make each hop.
neighbors
    The ego network of an actor, up to a depth, following ties in, out or both ways.
communities
    Louvain, greedy modularity and label propagation, with the partition's modularity.
balance
    Structural balance of the signed actor graph: triads, frustration, the best two-camp split.
compare
    Ties begun or ended between two years, and how each actor's centrality rank moved.
timeline
    Events, tie starts and ends, and actor lifespans, in date order.
"""
