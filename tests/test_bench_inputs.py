"""The benchmarks' generated answers are answers the pack takes, so `make bench` measures
scoring rather than failing on its own input (it did once "none of these" became exclusive)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from assessment.services.scoring import Scorer

BENCH = Path(__file__).resolve().parent.parent / "bench" / "scoring.py"


def test_the_scoring_benchmark_generates_answers_the_pack_takes() -> None:
    spec = importlib.util.spec_from_file_location("bench_scoring", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    scorer = Scorer()
    frame = module.generate(scorer, 200)
    scored = scorer.score_frame(frame)
    assert len(scored) == 200
