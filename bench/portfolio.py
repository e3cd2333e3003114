"""Portfolio speed: 50 teams of 20 respondents each aggregated, then the heatmap and where the
teams disagree. Prints one JSON line. Target: at most 1 s."""

from __future__ import annotations

import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

import yaml

from assessment.services.portfolio import TeamInput, portfolio_of
from assessment.services.scoring import Scorer

ROOT = Path(__file__).resolve().parent.parent
TEAMS = 50
RESPONDENTS = 20


def generate(scorer: Scorer, teams: int, respondents: int, seed: int = 11) -> list[TeamInput]:
    """Each team starts from one of the examples; each respondent varies it in a few answers,
    so the teams differ in stage and status and their people differ among themselves."""
    rng = random.Random(seed)
    examples = [
        yaml.safe_load(p.read_text())["answers"] for p in sorted((ROOT / "examples").glob("*.yaml"))
    ]
    out = []
    for t in range(teams):
        example = rng.choice(examples)
        answers: list[dict[str, Any]] = []
        for _ in range(respondents):
            base = {k: v for k, v in example.items() if v is not None}
            for qid in rng.sample(sorted(base), 5):
                q = scorer.pack.questions[qid]
                if q.type == "single":
                    base[qid] = rng.choice(scorer.pack.choices(q)).id
            answers.append(scorer.check(base))
        out.append(TeamInput(name=f"team {t + 1:02d}", file="generated", answers=answers))
    return out


def main() -> None:
    scorer = Scorer()
    teams = generate(scorer, TEAMS, RESPONDENTS)
    portfolio_of(scorer, teams[:2], k=5)  # warm: the engine's first run compiles its programs
    times = []
    for _ in range(5):
        start = time.perf_counter()
        result = portfolio_of(scorer, teams, k=5)
        result.heatmap()
        result.disagreements()
        times.append(time.perf_counter() - start)
    print(
        json.dumps(
            {
                "bench": "portfolio",
                "teams": TEAMS,
                "respondents_per_team": RESPONDENTS,
                "aggregate_and_heatmap_s": round(statistics.median(times), 3),
            }
        )
    )


if __name__ == "__main__":
    main()
