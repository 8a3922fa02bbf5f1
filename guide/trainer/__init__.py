"""Trainer tools: scenario coverage, the invariant search, explain, the guide as a graph, watch."""
