"""What every rule of a rule table is (`rules/*.yaml`); each table kind in `assessment.kinds`
builds its rules from these.

Every rule has an `id` (unique in the pack) and a `when` condition. Tables are evaluated in a
fixed order (the kinds' registry); a rule may test facts that earlier tables derived.
"""

from __future__ import annotations

from assessment.content.audience import SizedText
from assessment.content.schema.common import Id, Severity, Strict
from assessment.content.schema.conditions import Condition


class Rule(Strict):
    id: Id
    when: Condition


class Finding(Rule):
    """A rule that reports something, with a reason a reader can follow: one text, or one
    version per audience (`assessment.content.audience`)."""

    why: SizedText


class Graded(Finding):
    severity: Severity = "medium"
    # raises the severity one step when it also holds
    escalate: Condition | None = None
