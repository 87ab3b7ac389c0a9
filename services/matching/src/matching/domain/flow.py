"""The best assignment over a given set of candidate pairs, as an integer min-cost flow (OR-Tools).

Source → each mentee (capacity 1) → each candidate mentor (capacity 1, cost FULL_SCORE − units) → sink (capacity
the mentor's free places). The maximum flow of least cost matches the most mentees, then the highest total units.
For the highest total however many match, each mentee may instead go straight to the sink at cost FULL_SCORE, so
a pair pays only for the units it brings. Costs are exact integers, and nodes and arcs are numbered from the
canonical positions, so the same candidates always give the same flow.
"""

import numpy as np
from ortools.graph.python import min_cost_flow

from matching.domain.scoring import FULL_SCORE
from matching.domain.shortlist import Pairs


class FlowFailed(RuntimeError):
    pass


def assign(candidates: Pairs, free: np.ndarray, may_leave_out: bool) -> np.ndarray:
    """Which candidate pairs the optimal flow uses (bool per pair)."""
    if not len(candidates):
        return np.zeros(0, dtype=bool)
    mentees, mentee_node = np.unique(candidates.rows, return_inverse=True)
    mentors, mentor_node = np.unique(candidates.cols, return_inverse=True)
    source, sink = 0, 1 + len(mentees) + len(mentors)
    mentee_nodes = 1 + np.arange(len(mentees))
    mentor_nodes = 1 + len(mentees) + np.arange(len(mentors))
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        (1 + mentee_node).astype(np.int32),
        (1 + len(mentees) + mentor_node).astype(np.int32),
        np.ones(len(candidates), dtype=np.int64),
        (FULL_SCORE - candidates.units).astype(np.int64),
    )
    _add(flow, np.full(len(mentees), source), mentee_nodes, np.ones(len(mentees)), np.zeros(len(mentees)))
    _add(flow, mentor_nodes, np.full(len(mentors), sink), free[mentors], np.zeros(len(mentors)))
    if may_leave_out:
        _add(flow, mentee_nodes, np.full(len(mentees), sink), np.ones(len(mentees)), np.full(len(mentees), FULL_SCORE))
    flow.set_node_supply(source, len(mentees))
    flow.set_node_supply(sink, -len(mentees))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise FlowFailed(f"min-cost flow ended {status}")
    return np.asarray(flow.flows(np.asarray(arcs, dtype=np.int32))) > 0


def _add(flow: min_cost_flow.SimpleMinCostFlow, tails, heads, capacities, costs) -> None:
    flow.add_arcs_with_capacity_and_unit_cost(
        np.asarray(tails, dtype=np.int32),
        np.asarray(heads, dtype=np.int32),
        np.asarray(capacities, dtype=np.int64),
        np.asarray(costs, dtype=np.int64),
    )
