"""The Python API: score one answers file in full, or many respondents at once.

scorer = Scorer()                       # the default pack, compiled once
assessment = scorer.assess_file("examples/solo-developer.yaml")
table = scorer.score_frame(df)          # one row a respondent -> one row of key results
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from assessment.answers import Answers, check_answers, load_answers
from assessment.engine.build import build
from assessment.engine.evaluate import Engine, Results
from assessment.engine.result import Assessment
from assessment.engine.variables import Frame, Var, encode_rows
from assessment.errors import AnswerError, Problem
from assessment.pack import Pack, load_pack
from assessment.schema.common import MISTAKES, STAGES, STATUSES, STRATEGIES


class Scorer:
    """A loaded pack with its compiled engine."""

    def __init__(self, pack: Pack | Path | str | None = None) -> None:
        self.pack = pack if isinstance(pack, Pack) else load_pack(pack, with_cases=False)
        self.engine = Engine(self.pack)

    # -- one respondent --------------------------------------------------------------------------
    def check(
        self, raw: Mapping[str, Any], *, require: bool = True, source: str = "answers"
    ) -> dict[str, Any]:
        values, problems = check_answers(self.engine, raw, file=source, require=require)
        if problems:
            raise AnswerError(problems)
        return values

    def assess(
        self, answers: Answers | Mapping[str, Any], meta: Mapping[str, Any] | None = None
    ) -> Assessment:
        """Full assessment with evidence and trace. Plain mappings are checked first."""
        if isinstance(answers, Answers):
            values, meta = answers.values, {**answers.meta, **(meta or {})}
        else:
            values = self.check(answers)
        frame = encode_rows(self.pack.question_vars(), [values])
        results = self.engine.run(frame)
        return build(self.engine, results, 0, values, meta)

    def assess_file(self, path: Path | str) -> Assessment:
        return self.assess(load_answers(self.engine, path))

    # -- many respondents ------------------------------------------------------------------------
    def encode_frame(self, df: pd.DataFrame) -> tuple[Frame, list[Problem]]:
        """Columns named by question id (others ignored) to an engine frame, column-wise."""
        n = len(df)
        frame = Frame(n)
        problems: list[Problem] = []
        for var in self.pack.question_vars():
            q = self.pack.questions[var.name]
            if var.name not in df.columns:
                frame.set(
                    var, np.full(n, -1, dtype=np.int64) if var.kind == "set" else np.full(n, np.nan)
                )
                continue
            col = df[var.name]
            array, bad = _encode_column(var, q.type, col, q)
            frame.set(var, array)
            for row in np.flatnonzero(bad)[:20]:
                problems.append(
                    Problem("responses", int(row) + 2, var.name, f"cannot read {col.iloc[row]!r}")
                )
        return frame, problems

    def run_frame(self, df: pd.DataFrame) -> Results:
        frame, problems = self.encode_frame(df)
        if problems:
            raise AnswerError(problems)
        return self.engine.run(frame)

    def score_frame(self, df: pd.DataFrame) -> pd.DataFrame:
        """Key results for every row: stage, readiness, pivot point statuses, mistakes, strategy."""
        res = self.run_frame(df)
        return summary_table(self.engine, res)


def _encode_column(var: Var, qtype: str, col: pd.Series[Any], question: Any) -> tuple[Any, Any]:
    missing = col.isna().to_numpy()
    if var.kind == "set":
        out = np.full(len(col), -1, dtype=np.int64)
        bad = np.zeros(len(col), dtype=bool)
        bit = {c: 1 << i for i, c in enumerate(var.domain)}
        for i, value in enumerate(col.to_numpy()):
            if missing[i]:
                continue
            items = (
                value
                if isinstance(value, list)
                else [v.strip() for v in str(value).replace(";", ",").split(",") if v.strip()]
            )
            mask = 0
            for item in items:
                if item not in bit:
                    bad[i] = True
                mask |= bit.get(item, 0)
            out[i] = mask
        return out, bad
    if var.kind == "choice":
        index = {choice: float(i) for i, choice in enumerate(var.domain)}
        codes = col.map(index).to_numpy(dtype=np.float64, na_value=np.nan)
        return codes, np.isnan(codes) & ~missing
    if var.kind == "bool":
        text = col.astype("string").str.strip().str.lower()
        mapped = text.map({"true": 1.0, "yes": 1.0, "1": 1.0, "false": 0.0, "no": 0.0, "0": 0.0})
        array = pd.to_numeric(mapped, errors="coerce").to_numpy(dtype=np.float64)
        return array, np.isnan(array) & ~missing
    if var.kind == "text":
        text = col.astype("string").str.strip()
        given = (text.fillna("") != "").to_numpy()
        return np.where(given, 1.0, np.nan), np.zeros(len(col), dtype=bool)
    numbers = pd.to_numeric(col, errors="coerce").to_numpy(dtype=np.float64)
    lo = var.lo if var.lo is not None else -np.inf
    hi = var.hi if var.hi is not None else np.inf
    bad = ~missing & (np.isnan(numbers) | (numbers < lo) | (numbers > hi))
    if qtype == "number" and question.integer:
        bad |= ~np.isnan(numbers) & (numbers != np.round(numbers))
    if qtype == "scale":
        points = [p.value for p in question.points or []]
        bad |= ~np.isnan(numbers) & ~np.isin(numbers, points)
    numbers = np.where(bad, np.nan, numbers)
    return numbers, bad


def _decode(codes: Any, domain: tuple[str, ...]) -> list[str | None]:
    return [None if np.isnan(c) else domain[int(c)] for c in codes]


def summary_table(engine: Engine, res: Results) -> pd.DataFrame:
    values = res.frame.values
    data: dict[str, Any] = {
        "stage": _decode(values["fact:stage"], STAGES),
        "planned_stage": _decode(values["fact:planned_stage"], STAGES),
        "readiness": np.round(res.overall),
    }
    for dim in engine.pack.dimensions.dimensions:
        if dim.show:
            data[f"score.{dim.id}"] = np.round(res.dimensions[dim.id])
    for pp in engine.pack.pivot_points.pivot_points:
        data[f"{pp.id}.status"] = _decode(values[f"fact:{pp.id}.status"], STATUSES)
        data[f"{pp.id}.readiness"] = np.round(res.readiness[pp.id])
    mistakes = values["fact:mistakes"]
    data["mistakes"] = [
        " ".join(m for i, m in enumerate(MISTAKES) if x >> i & 1) for x in mistakes.tolist()
    ]
    data["strategy"] = _decode(values["fact:strategy"], STRATEGIES)
    data["phase"] = values["fact:phase"]
    gaps = values["fact:gaps"]
    data["compliance_gaps"] = [bin(x).count("1") if x >= 0 else 0 for x in gaps.tolist()]
    steps = np.zeros(res.frame.size, dtype=np.int64)
    for info in engine.step_rules:
        steps += res.fired[info.id]
    data["next_steps"] = steps
    return pd.DataFrame(data)
