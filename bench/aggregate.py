"""Aggregation speed: 500 respondents into consensus, disagreement, roles and the team
assessment. Prints one JSON line. Target: median at most 200 ms."""

from __future__ import annotations

import json
import random
import statistics
import time
from pathlib import Path

import yaml

from assessment.services.aggregate import aggregate
from assessment.services.scoring import Scorer

ROOT = Path(__file__).resolve().parent.parent
RESPONDENTS = 500


def main() -> None:
    scorer = Scorer()
    rng = random.Random(5)
    examples = [
        yaml.safe_load(p.read_text())["answers"] for p in sorted((ROOT / "examples").glob("*.yaml"))
    ]
    answers = []
    for _ in range(RESPONDENTS):  # each respondent varies one example in a few answers
        base = {k: v for k, v in rng.choice(examples).items() if v is not None}
        for qid in rng.sample(sorted(base), 5):
            q = scorer.pack.questions[qid]
            if q.type == "single":
                base[qid] = rng.choice(scorer.pack.choices(q)).id
        answers.append(scorer.check(base))
    roles = [rng.choice(["developer", "team lead", "manager", "executive"]) for _ in answers]
    aggregate(scorer, answers, k=5, roles=roles)
    times = []
    for _ in range(9):
        start = time.perf_counter()
        aggregate(scorer, answers, k=5, roles=roles)
        times.append((time.perf_counter() - start) * 1000)
    print(
        json.dumps(
            {
                "bench": "aggregate",
                "respondents": RESPONDENTS,
                "median_ms": round(statistics.median(times), 1),
            }
        )
    )


if __name__ == "__main__":
    main()
