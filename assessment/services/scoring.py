"""The Python API: score one answers file in full, or many respondents at once.

scorer = Scorer()                       # the default pack, compiled once
assessment = scorer.assess_file("examples/solo-developer.yaml")
table = scorer.score_frame(df)          # one row a respondent -> one row of key results
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from assessment import i18n
from assessment.content.pack import Pack, load_pack
from assessment.content.schema.common import STATUSES
from assessment.engine.build import build
from assessment.engine.evaluate import Engine, Results
from assessment.engine.result import Assessment
from assessment.engine.variables import Frame, Var, empty, encode_rows
from assessment.errors import AnswerError, Problem, did_you_mean
from assessment.services import visibility
from assessment.services.answers import (
    META_FIELDS,
    Answers,
    check_answers,
    check_value,
    load_answers,
)

# columns whose cells pandas finds to be all of one plain kind: their text groups them exactly
_PLAIN_COLUMNS = frozenset(
    {"string", "floating", "integer", "mixed-integer-float", "boolean", "empty", "decimal"}
)
_STRUCTURED = (list, tuple, dict, set)


class Scorer:
    """A loaded pack with its compiled engine."""

    def __init__(self, pack: Pack | Path | str | None = None, *, lang: str | None = None) -> None:
        """`lang`: one of the pack's languages; the results' texts are in it, their ids are the
        same in every language."""
        self.pack = pack if isinstance(pack, Pack) else load_pack(pack, with_cases=False, lang=lang)
        self.engine = Engine(self.pack)

    # -- one respondent --------------------------------------------------------------------------
    def check(
        self, raw: Mapping[str, Any], *, require: bool = True, source: str = "answers"
    ) -> dict[str, Any]:
        values, problems = check_answers(self.engine, raw, file=source, require=require)
        if problems:
            raise AnswerError(problems)
        return values

    def shown(self, values: Mapping[str, Any]) -> dict[str, bool]:
        """Every question id, and whether these checked answers show it (`visible_if`)."""
        return visibility.shown(self.engine, values)

    def shown_rows(self, rows: Sequence[Mapping[str, Any]]) -> dict[str, list[bool]]:
        """For each conditional question, whether each respondent was asked it."""
        return visibility.shown_rows(self.engine, rows)

    def missing_required(self, values: Mapping[str, Any]) -> list[str]:
        """The required questions these checked answers show and leave unanswered."""
        return visibility.missing(self.engine, values)

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
        with i18n.using(self.pack.language):  # the words it builds are the pack's language
            return build(self.engine, results, 0, values, meta)

    def assess_many(self, answers: Sequence[Answers], *, trace: bool = True) -> list[Assessment]:
        """Full assessments of several checked answer sets, the engine run once over all of
        them: each is the same as `assess` gives it alone (without its rule trace when `trace`
        is false)."""
        if not answers:
            return []
        frame = encode_rows(self.pack.question_vars(), [a.values for a in answers])
        results = self.engine.run(frame)
        with i18n.using(self.pack.language):
            return [
                build(self.engine, results, i, a.values, a.meta, trace=trace)
                for i, a in enumerate(answers)
            ]

    def assess_file(self, path: Path | str) -> Assessment:
        return self.assess(load_answers(self.engine, path))

    # -- many respondents ------------------------------------------------------------------------
    def encode_frame(
        self, df: pd.DataFrame, *, source: str = "responses", first_line: int = 2
    ) -> tuple[Frame, list[Problem]]:
        """Columns named by question id to an engine frame, checked cell by cell with the
        same rules as one answers file (`check_value`), but once per distinct value.

        Problems name the row as a line of a CSV file: `first_line` is the first data row.
        Meta columns (organization, respondent, ...) are allowed and not scored.
        """
        n = len(df)
        frame = Frame(n)
        problems: list[Problem] = []
        columns = [str(c) for c in df.columns]
        for column in sorted({c for c in columns if columns.count(c) > 1}):
            problems.append(Problem(source, first_line - 1, column, "column appears twice"))
        for column in columns:
            if column not in self.pack.questions and column not in META_FIELDS:
                problems.append(
                    Problem(
                        source,
                        first_line - 1,
                        column,
                        "not a question id or meta column"
                        + _suggest(column, list(self.pack.questions)),
                    )
                )
        if problems:
            return frame, problems
        unreadable: dict[str, set[int]] = {}
        for var in self.pack.question_vars():
            if var.name not in df.columns:
                frame.set(var, empty(var, n))
                continue
            array, bad = self._encode_column(var, df[var.name])
            frame.set(var, array)
            problems.extend(
                Problem(source, first_line + row, var.name, message, question=var.name)
                for row, message in bad
            )
            unreadable[var.name] = {row for row, _ in bad}
        visible = visibility.masks(self.engine, frame)
        problems.extend(
            Problem(
                source,
                first_line + row,
                qid,
                f"missing required answer: {self.pack.questions[qid].text}",
                question=qid,
            )
            for row, qid in visibility.missing_required(self.engine, frame, visible)
            if row not in unreadable.get(qid, ())
        )
        problems.sort(key=lambda p: (p.line or 0, p.where))
        return frame, problems

    def _encode_column(self, var: Var, col: pd.Series[Any]) -> tuple[Any, list[tuple[int, str]]]:
        question = self.pack.questions[var.name]
        options = self.pack.choices(question)
        ids, labels = [c.id for c in options], {c.id: c.label for c in options}
        alone = {c.id for c in options if c.exclusive}
        missing = col.isna().to_numpy()
        # Cells are grouped by their text and each distinct one is checked once. Structured cells
        # (lists from an app or a workshop) are grouped by their repr, so that the list ['a'] and
        # the text "['a']" never share a check; the type test runs in C unless the column mixes
        # kinds of value.
        if pd.api.types.infer_dtype(col, skipna=True) in _PLAIN_COLUMNS:
            keys = col.astype(str)
        else:
            keys = col.map(lambda v: repr(v) if isinstance(v, _STRUCTURED) else str(v))
        codes, uniques = pd.factorize(keys.astype(object))
        # the first row of each distinct key; code -1 (a cell pandas keeps as missing) has none
        found, first_rows = np.unique(codes, return_index=True)
        firsts = col.iloc[first_rows[found >= 0]].to_list()
        encoded = np.zeros(len(uniques), dtype=np.int64 if var.kind == "set" else np.float64)
        errors: dict[int, str] = {}
        for code, value in enumerate(firsts):
            if isinstance(value, tuple):
                value = list(value)
            clean, message = (
                (None, None) if _blank(value) else check_value(question, ids, value, labels, alone)
            )
            if message:
                errors[code] = message
            encoded[code] = var.encode(clean)
        blank = -1 if var.kind == "set" else np.nan
        array = np.append(encoded, blank)[codes]  # code -1 (a missing key) takes the blank
        array[missing] = blank
        rows = np.flatnonzero(np.isin(codes, list(errors)) & ~missing)
        bad = [(int(row), errors[int(codes[row])]) for row in rows]
        return array, bad

    def run_frame(self, df: pd.DataFrame, *, source: str = "responses") -> Results:
        frame, problems = self.encode_frame(df, source=source)
        if problems:
            raise AnswerError(problems)
        return self.engine.run(frame)

    def score_frame(self, df: pd.DataFrame, *, source: str = "responses") -> pd.DataFrame:
        """Key results for every row, indexed like `df`: stage, readiness, pivot point
        statuses, mistakes, strategy. Raises `AnswerError` naming each bad cell."""
        res = self.run_frame(df, source=source)
        table = summary_table(self.engine, res)
        table.index = df.index
        return table


def _blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and np.isnan(value))
        or (isinstance(value, str) and not value.strip())
    )


def _suggest(word: str, options: list[str]) -> str:
    return did_you_mean(word, options)


def _decode(codes: Any, domain: tuple[str, ...]) -> list[str | None]:
    """Codes to their names, None where unknown: one lookup in a table, not a loop in Python."""
    names = np.array([*domain, None], dtype=object)
    known = ~np.isnan(codes)
    index = np.where(known, np.nan_to_num(codes, nan=0.0), len(domain)).astype(np.int64)
    return list(names[index])


def summary_table(engine: Engine, res: Results) -> pd.DataFrame:
    values = res.frame.values
    # the pack defines its stages, mistakes and strategies: decode with the facts' own domains
    domain = {name: var.domain for name, var in engine.pack.variables.items()}
    data: dict[str, Any] = {
        "stage": _decode(values["fact:stage"], domain["fact:stage"]),
        "planned_stage": _decode(values["fact:planned_stage"], domain["fact:planned_stage"]),
        "readiness": np.round(res.overall),
    }
    for dim in engine.pack.dimensions.dimensions:
        if dim.show:
            data[f"score.{dim.id}"] = np.round(res.dimensions[dim.id])
    for pp in engine.pack.pivot_points.pivot_points:
        data[f"{pp.id}.status"] = _decode(values[f"fact:{pp.id}.status"], STATUSES)
        data[f"{pp.id}.readiness"] = np.round(res.readiness[pp.id])
    mistakes = values["fact:mistakes"]
    # each distinct set of mistakes is spelled out once
    spelled = {
        x: " ".join(m for i, m in enumerate(domain["fact:mistakes"]) if x >> i & 1)
        for x in set(mistakes.tolist())
    }
    data["mistakes"] = [spelled[x] for x in mistakes.tolist()]
    data["strategy"] = _decode(values["fact:strategy"], domain["fact:strategy"])
    data["phase"] = values["fact:phase"]
    gaps = values["fact:gaps"]
    data["compliance_gaps"] = [bin(x).count("1") if x >= 0 else 0 for x in gaps.tolist()]
    steps = np.zeros(res.frame.size, dtype=np.int64)
    for info in engine.step_rules:
        steps += res.fired[info.id]
    data["next_steps"] = steps
    return pd.DataFrame(data)
