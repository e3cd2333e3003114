"""The one condition language used by every rule table and by `visible_if`.

A condition is a leaf test on one value, or `all` / `any` / `not` of conditions:

    {q: developers, gte: 6}                   # a question's answer
    {fact: stage, in: [teams, organization]}  # a value the engine derived earlier
    {all: [..]}  {any: [..]}  {not: {..}}

Exactly one of `q` / `fact` and exactly one test per leaf. Nothing is ever `eval`-ed.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag, model_validator

from assessment.content.schema.common import Strict

Scalar = bool | int | float | str
OPS = ("eq", "in", "gte", "lte", "between", "contains", "answered")


class Leaf(Strict):
    q: str | None = None
    fact: str | None = None
    eq: Scalar | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in")
    gte: float | str | None = None
    lte: float | str | None = None
    between: tuple[float | str, float | str] | None = None
    contains: str | list[str] | None = None
    answered: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_yes_no_for_numbers(cls, data: Any) -> Any:
        """YAML reads `yes` as true; as a bound it would quietly become 1."""
        if isinstance(data, dict):
            for op in ("gte", "lte"):
                if isinstance(data.get(op), bool):
                    raise ValueError(f"'{op}' needs a number or a choice id, not yes/no")
            bounds = data.get("between")
            if isinstance(bounds, list) and any(isinstance(b, bool) for b in bounds):
                raise ValueError("'between' needs numbers or choice ids, not yes/no")
        return data

    @model_validator(mode="after")
    def _one_subject_one_test(self) -> Leaf:
        if (self.q is None) == (self.fact is None):
            raise ValueError("a test needs exactly one of 'q' (a question id) or 'fact'")
        given = [op for op in OPS if self.value_of(op) is not None]
        if len(given) != 1:
            raise ValueError(
                f"a test needs exactly one of {', '.join(OPS)}; found "
                + (", ".join(given) if given else "none")
            )
        if self.in_ is not None and not self.in_:
            raise ValueError("'in' needs at least one value")
        if isinstance(self.contains, list) and not self.contains:
            raise ValueError("'contains' needs at least one choice id")
        return self

    def value_of(self, op: str) -> Any:
        return self.in_ if op == "in" else getattr(self, op)

    @property
    def op(self) -> str:
        return next(op for op in OPS if self.value_of(op) is not None)

    @property
    def subject(self) -> str:
        return self.q if self.q is not None else f"fact:{self.fact}"

    @property
    def value(self) -> Any:
        return self.value_of(self.op)

    def describe(self) -> str:
        def show(v: Any) -> str:
            if isinstance(v, bool):
                return "yes" if v else "no"
            if isinstance(v, float) and v.is_integer():
                return str(int(v))
            return str(v)

        value = self.value
        if isinstance(value, list | tuple):
            return f"{self.op} [" + ", ".join(show(v) for v in value) + "]"
        return f"{self.op} {show(value)}"


class All(Strict):
    all: list[Condition] = Field(min_length=1)


class Any_(Strict):
    any: list[Condition] = Field(min_length=1)


class Not(Strict):
    not_: Condition = Field(alias="not")


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return key
        return "leaf"
    if isinstance(value, All):
        return "all"
    if isinstance(value, Any_):
        return "any"
    if isinstance(value, Not):
        return "not"
    return "leaf"


Condition = Annotated[
    Annotated[All, Tag("all")]
    | Annotated[Any_, Tag("any")]
    | Annotated[Not, Tag("not")]
    | Annotated[Leaf, Tag("leaf")],
    Discriminator(_kind),
]

All.model_rebuild()
Any_.model_rebuild()
Not.model_rebuild()


def leaves(cond: Any) -> list[Leaf]:
    """Every leaf test of a condition, in order."""
    if isinstance(cond, Leaf):
        return [cond]
    if isinstance(cond, All):
        return [leaf for c in cond.all for leaf in leaves(c)]
    if isinstance(cond, Any_):
        return [leaf for c in cond.any for leaf in leaves(c)]
    if isinstance(cond, Not):
        return leaves(cond.not_)
    return []
