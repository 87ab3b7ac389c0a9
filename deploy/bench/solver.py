"""`python -m deploy.bench.solver`: the matching solver on a synthetic cohort, in process, against its aims.

Generates a seeded cohort (`cohort_synthetic`), solves it (candidate generation included in the time), runs the
greedy baseline, checks every proposed pair with the scalar `broken_rules` and every mentor's places, and prints
one table. Memory is the process's peak resident set size (`resource.getrusage`, ru_maxrss), read after the solve
and before the greedy baseline runs, so it covers the cohort and the solve.
"""

import argparse
import resource
import time
from collections import Counter

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from deploy.bench.cohort_synthetic import synthetic_problem
from matching.domain import Problem, Solution, broken_rules
from matching.domain.greedy import greedy
from matching.domain.solver import SHORTLIST, solve

console = Console()


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m deploy.bench.solver", description=__doc__)
    parser.add_argument("--mentees", type=int, default=10000)
    parser.add_argument("--mentors", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shortlist", type=int, default=SHORTLIST, help="mentors first considered per mentee")
    parser.add_argument("--no-greedy", action="store_true", help="skip the greedy baseline")
    return parser.parse_args()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _violations(problem: Problem, solution: Solution) -> tuple[int, int]:
    """(pairs breaking a rule or an exclusion, mentors over their places), by the scalar definitions."""
    mentees = {m.person_id: m for m in problem.mentees}
    mentors = {m.person_id: m for m in problem.mentors}
    broken = sum(
        bool(broken_rules(mentors[p.mentor_id], mentees[p.mentee_id], problem.policy, problem.hierarchy))
        or (p.mentee_id, p.mentor_id) in problem.exclusions
        for p in solution.pairs
        if not p.locked
    )
    taken = Counter(p.mentor_id for p in solution.pairs)
    over = sum(taken[m] + problem.used.get(m, 0) > mentors[m].capacity for m in taken)
    return broken, over


def _value(solution: Solution) -> tuple[int, int]:
    return len(solution.pairs), sum(p.score_units for p in solution.pairs)


def main() -> None:
    arguments = _arguments()
    table = Table(title=f"matching solver: {arguments.mentees:,} mentees × {arguments.mentors:,} mentors")
    for column in ("figure", "measured", "aim"):
        table.add_column(column)
    big = arguments.mentees > 20000
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console) as bar:
        step = bar.add_task("generating the cohort")
        problem = synthetic_problem(arguments.mentees, arguments.mentors, arguments.seed)
        bar.update(step, description="solving (candidates, flow, pricing)")
        started = time.perf_counter()
        optimum = solve(problem, arguments.shortlist)
        solve_seconds = time.perf_counter() - started
        peak = _peak_mb()
        bar.update(step, description="checking every pair with the scalar rules")
        broken, over = _violations(problem, optimum)
        baseline = None
        if not arguments.no_greedy:
            bar.update(step, description="greedy baseline")
            started = time.perf_counter()
            baseline = greedy(problem, arguments.shortlist)
            greedy_seconds = time.perf_counter() - started
            greedy_broken, greedy_over = _violations(problem, baseline)
    capacity = sum(m.capacity for m in problem.mentors)
    matched, total = _value(optimum)
    table.add_row("places per mentee", f"{capacity / max(len(problem.mentees), 1):.2f}", "≈ 0.55")
    table.add_row("solve, candidates included", f"{solve_seconds:.1f} s", "≤ 60 s" if big else "≤ 5 s")
    table.add_row("peak resident memory (ru_maxrss)", f"{peak:,.0f} MB", "≤ 4 GB" if big else "≤ 1 GB")
    table.add_row("certified optimal", str(optimum.certified), "True")
    table.add_row("pricing rounds / candidate pairs", f"{optimum.pricing_rounds} / {optimum.candidates:,}", "")
    table.add_row("matched / total score units", f"{matched:,} / {total:,}", "")
    table.add_row("rule / capacity violations", f"{broken} / {over}", "0 / 0")
    if baseline is not None:
        greedy_matched, greedy_total = _value(baseline)
        gap = (total - greedy_total) / total if total else 0.0
        table.add_row("greedy: time", f"{greedy_seconds:.1f} s", "")
        table.add_row("greedy: matched / total score units", f"{greedy_matched:,} / {greedy_total:,}", "")
        table.add_row("greedy: fewer matched / score gap", f"{matched - greedy_matched:,} / {gap:.3%}", "")
        table.add_row("greedy: rule / capacity violations", f"{greedy_broken} / {greedy_over}", "0 / 0")
    reasons = Counter(u.reason.value for u in optimum.unmatched)
    table.add_row("unmatched by reason", ", ".join(f"{r} {n:,}" for r, n in sorted(reasons.items())) or "none", "")
    console.print(table)


if __name__ == "__main__":
    main()
