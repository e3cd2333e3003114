"""Scoring speed: 10,000 generated respondents in one pass, and one full assessment.

Prints one JSON line. Targets: 10,000 respondents in at most 1 s; one assessment (with
evidence and trace) in at most 5 ms.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from assessment.services.answers import load_answers
from assessment.services.scoring import Scorer

RESPONDENTS = 10_000


def generate(scorer: Scorer, n: int, seed: int = 7) -> pd.DataFrame:
    """Respondents as a CSV batch would bring them: one column a question, ~15% skipped."""
    rng = np.random.default_rng(seed)
    columns: dict[str, Any] = {}
    for qid, q in scorer.pack.questions.items():
        if q.type == "number":
            hi = min(q.max, 300)
            values: Any = rng.integers(int(q.min), int(hi) + 1, n).astype(float)
        elif q.type == "scale":
            values = rng.choice([p.value for p in q.points or []], n).astype(float)
        elif q.type == "single":
            values = rng.choice([c.id for c in scorer.pack.choices(q)], n).astype(object)
        elif q.type == "multi":
            # "none of these" is chosen alone: the other choices only
            ids = [c.id for c in scorer.pack.choices(q) if not c.exclusive]
            picks = rng.random((n, len(ids))) < 0.3
            values = np.array(
                [",".join(i for i, p in zip(ids, row, strict=True) if p) for row in picks],
                dtype=object,
            )
        elif q.type == "yes_no":
            values = rng.choice(["yes", "no"], n).astype(object)
        else:
            values = rng.choice(["", "We also pair on prompts."], n).astype(object)
        if not q.required:
            skipped = rng.random(n) < 0.15
            values = values.astype(object)
            values[skipped] = None
        columns[qid] = values
    return pd.DataFrame(columns)


def main() -> None:
    scorer = Scorer()
    frame = generate(scorer, RESPONDENTS)
    scorer.score_frame(frame.head(100))  # warm up
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        table = scorer.score_frame(frame)
        runs.append(time.perf_counter() - start)
    assert len(table) == RESPONDENTS
    seconds = min(runs)

    example = Path(__file__).resolve().parent.parent / "examples" / "regulated-enterprise.yaml"
    answers = load_answers(scorer.engine, example)
    for _ in range(20):
        scorer.assess(answers)
    singles = []
    for _ in range(200):
        start = time.perf_counter()
        scorer.assess(answers)
        singles.append(time.perf_counter() - start)
    print(
        json.dumps(
            {
                "bench": "scoring",
                "respondents": RESPONDENTS,
                "seconds": round(seconds, 4),
                "per_respondent_ms": round(seconds / RESPONDENTS * 1000, 5),
                "single_assessment_median_ms": round(statistics.median(singles) * 1000, 3),
                "single_assessment_p95_ms": round(
                    sorted(singles)[int(len(singles) * 0.95)] * 1000, 3
                ),
                "rules": len(scorer.engine.rules),
                "questions": len(scorer.pack.questions),
            }
        )
    )


if __name__ == "__main__":
    main()
