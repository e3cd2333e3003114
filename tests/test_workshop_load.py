"""100 participants answering every question at the same time: each answer stored once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import yaml

from assessment.store import Store
from tests.conftest import EXAMPLES


def test_a_hundred_participants_at_once_lose_nothing(store: Store, scorer) -> None:
    data = yaml.safe_load((EXAMPLES / "regulated-enterprise.yaml").read_text())["answers"]
    given = {q: v for q, v in scorer.check(data).items() if v is not None}
    workshop, _ = store.create_workshop("Load", "ai-scaling", "1.0.0", k=3)
    people = [
        store.create_respondent("ai-scaling", "1.0.0", workshop_id=workshop.id) for _ in range(100)
    ]

    def participant(index: int) -> None:
        token = people[index].token
        for qid, value in given.items():
            # each participant changes its mind once, so upserts race with inserts too
            store.save_answer(token, qid, value if qid != "developers" else index + 1)
        store.save_answer(token, "developers", given["developers"])
        store.mark_finished(token)

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(participant, range(100)))
    responses = store.responses(workshop.id)
    assert len(responses) == 100 and all(r.finished for r in responses)
    assert all(r.answers == given for r in responses)
    assert store.count_rows()["answer"] == 100 * len(given)
