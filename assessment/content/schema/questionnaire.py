"""Questionnaire pack files: `pack.yaml` and `questionnaire.yaml`."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from assessment.content.schema.common import Id, Plain, Strict, Text
from assessment.content.schema.conditions import Condition

QuestionType = Literal["number", "single", "multi", "scale", "yes_no", "text"]


class Profile(Strict):
    developers: Id | None = "developers"
    teams: Id | None = "teams"
    planned_developers: Id | None = "planned_developers"


class Merge(Strict):
    """A question no longer asked, because another question now asks what it asked: an older
    answer to it is carried over to that question."""

    # the question no longer asked, as older answers name it
    question: Id
    # the question that asks it now
    into: Id
    # an older answer (as text: a choice id, "yes" or "no") and the answer it becomes; an
    # answer not listed is not carried over, and the note asks for the new question instead
    values: dict[str, str | list[str]] = Field(default_factory=dict)


class Change(Strict):
    """What one version of the pack changed that a respondent would notice."""

    version: Plain
    # questions new in this version: an older answers file leaves them unanswered
    questions_added: list[Id] = Field(default_factory=list)
    # questions merged into others in this version: older answers to them are carried over
    questions_merged: list[Merge] = Field(default_factory=list)
    # what changed, in a respondent's words, one sentence an item
    notes: list[Text] = Field(min_length=1)


class PackInfo(Strict):
    """`pack.yaml`: what the pack is."""

    # Stable id, used in answers files and results.
    id: Id
    # Bump when questions or rules change meaning.
    version: Plain
    title: Text
    description: Text
    languages: list[Id] = Field(default_factory=lambda: ["en"], min_length=1)
    # Minutes a respondent typically needs; shown on the start page.
    minutes: int = Field(default=15, ge=1, le=240)
    # The number questions that give the stage's headcount in reports; null where a pack has
    # no such question.
    profile: Profile = Field(default_factory=lambda: Profile())
    # newest first; the first entry's version is the pack's version
    changes: list[Change] = Field(default_factory=list)


class Choice(Strict):
    id: Id
    label: Text
    # Position on a 0..1 readiness scale when the question feeds a dimension score;
    # defaults to the choice's position in the list (first = 0, last = 1).
    value: float | None = None
    help: Text | None = None
    # a multi question's "none of these": chosen alone or not at all
    exclusive: bool = False
    # "don't know": an answer the respondent gave, counted as answered, that the rules and
    # scores read as unanswered (what it would decide is shown as not judged); single only,
    # without a `value`
    unknown: bool = False

    @model_validator(mode="after")
    def _unknown_has_no_value(self) -> Choice:
        if self.unknown and self.value is not None:
            raise ValueError(
                "a 'don't know' choice (unknown: true) has no place on the scale: drop its 'value'"
            )
        if self.unknown and self.exclusive:
            raise ValueError("a choice cannot be both 'unknown' and 'exclusive'")
        return self


class Point(Strict):
    """One labelled point of a scale question."""

    value: int
    label: Text


class Question(Strict):
    id: Id
    type: QuestionType
    # The question as the respondent reads it.
    text: Text
    # Why the question matters; shown beside it.
    help: Text
    # A few words naming the practice or symptom in reports ("Prompt versioning").
    label: Text | None = None
    # What a respondent might hear when this symptom is present.
    quote: Text | None = None
    # The question a facilitator puts to the room when the group's answers to this one are
    # split (the workshop walk-through); without it a prompt is made from the answers given.
    discuss: Text | None = None
    required: bool = False
    # number: bounds (inclusive) and whether only whole numbers are allowed
    min: float | None = None
    max: float | None = None
    integer: bool = False
    unit: Text | None = None
    # single / multi: inline choices, or the name of a choice set
    choices: list[Choice] | Id | None = None
    # scale: labelled points in increasing order
    points: list[Point] | None = None
    # single: whether the choices run in order (least to most, or the reverse), so that a group's
    # typical answer is the median and rules may compare with gte/lte/between; false for a list
    # of kinds (sectors, say), where a group's answer is the most frequent one
    ordered: bool = True
    # multi: the most choices a respondent may pick
    max_choices: int | None = Field(default=None, ge=1)
    # text: longest answer accepted, in characters and in lines (runs of blank lines count as
    # one); generous for a comment, small enough to keep a team report readable
    max_length: int = Field(default=2000, ge=1, le=20000)
    max_lines: int = Field(default=20, ge=1, le=200)
    # shown only when this condition holds on earlier answers
    visible_if: Condition | None = None

    @field_validator("discuss")
    @classmethod
    def _one_question(cls, discuss: str | None) -> str | None:
        # on the field, so that a translation's text is named at its own line
        if discuss is not None and (
            not discuss.rstrip().endswith("?") or len(discuss.split()) > 35
        ):
            raise ValueError(
                "'discuss' is one question put to the room: end it with '?' and keep it to 35 words"
            )
        return discuss

    @model_validator(mode="after")
    def _fields_fit_type(self) -> Question:
        t = self.type
        if self.discuss is not None and t == "text":
            raise ValueError("'discuss' is for a question the room can disagree on, not text")
        if t in ("single", "multi") and self.choices is None:
            raise ValueError(f"a {t} question needs 'choices' (a list or a choice set name)")
        if t not in ("single", "multi") and self.choices is not None:
            raise ValueError(f"'choices' only applies to single and multi questions, not {t}")
        if t == "scale":
            if not self.points or len(self.points) < 2:
                raise ValueError("a scale question needs at least two 'points'")
            values = [p.value for p in self.points]
            if values != sorted(set(values)):
                raise ValueError("scale 'points' must have distinct values in increasing order")
        elif self.points is not None:
            raise ValueError(f"'points' only applies to scale questions, not {t}")
        if t != "number" and (self.min is not None or self.max is not None or self.integer):
            raise ValueError(f"'min', 'max' and 'integer' only apply to number questions, not {t}")
        if t == "number":
            if self.min is None or self.max is None:
                raise ValueError("a number question needs both 'min' and 'max'")
            if self.min > self.max:
                raise ValueError(f"'min' ({self.min:g}) is greater than 'max' ({self.max:g})")
        if not self.ordered and t != "single":
            raise ValueError("'ordered' only applies to single questions")
        if t != "text" and (
            "max_length" in self.model_fields_set or "max_lines" in self.model_fields_set
        ):
            raise ValueError(f"'max_length' and 'max_lines' only apply to text questions, not {t}")
        if self.max_choices is not None and t != "multi":
            raise ValueError("'max_choices' only applies to multi questions")
        return self

    @property
    def short(self) -> str:
        return self.label or self.text

    @property
    def counts(self) -> bool:
        """Whether it counts as a question to answer, wherever questions are counted (the start
        page, the progress bar, the review): an optional note is not one left unanswered."""
        return self.type != "text" or self.required


class Section(Strict):
    id: Id
    title: Text
    # One or two sentences shown at the top of the section.
    intro: Text
    questions: list[Question] = Field(min_length=1)
    visible_if: Condition | None = None


class Questionnaire(Strict):
    """`questionnaire.yaml`: reusable choice lists, then sections in the order asked."""

    choice_sets: dict[Id, list[Choice]] = Field(default_factory=dict)
    sections: list[Section] = Field(min_length=1)
