"""When each interview question comes back: a Leitner schedule.

Every question sits in a box from 1 to 6. A right answer moves it up one box, a wrong one sends
it back to box 1; box N comes back after INTERVAL_DAYS[N] days. Leitner rather than SM-2
because the drill's answers are pass/fail (and self-assessed for "explain" questions): SM-2's
ease factor needs graded 0-5 answers and many reviews before it settles, while Leitner boxes
are easy to explain to a learner ("box 3: back in 4 days") and behave well from the first
review. Missed questions come back the next day; known ones after 2, 4, 8, 16, then 32 days.

State per question lives in progress (section "interview"): box, due date, last seen, history.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

INTERVAL_DAYS = {1: 1, 2: 2, 3: 4, 4: 8, 5: 16, 6: 32}
TOP_BOX = max(INTERVAL_DAYS)
HISTORY_KEPT = 20


@dataclass
class CardState:
    box: int = 1
    due: date | None = None
    last_seen: str | None = None
    history: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: Any) -> CardState:
        if not isinstance(data, dict):
            return cls()
        box = data.get("box")
        try:
            due = date.fromisoformat(data["due"]) if isinstance(data.get("due"), str) else None
        except ValueError:
            due = None
        history = data.get("history")
        return cls(
            box=box if isinstance(box, int) and 1 <= box <= TOP_BOX else 1,
            due=due,
            last_seen=data.get("last_seen") if isinstance(data.get("last_seen"), str) else None,
            history=[h for h in history if isinstance(h, dict)]
            if isinstance(history, list)
            else [],
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "box": self.box,
            "due": self.due.isoformat() if self.due else None,
            "last_seen": self.last_seen,
            "history": self.history[-HISTORY_KEPT:],
        }

    def is_due(self, today: date) -> bool:
        return self.due is None or self.due <= today


def review(state: CardState, correct: bool, today: date) -> CardState:
    """The state after one answer: up a box when right, back to box 1 when wrong."""
    box = min(state.box + 1, TOP_BOX) if correct else 1
    return CardState(
        box=box,
        due=today + timedelta(days=INTERVAL_DAYS[box]),
        last_seen=state.last_seen,
        history=list(state.history),
    )


def order(
    keys: Sequence[str], states: dict[str, CardState], today: date, rng: random.Random
) -> list[str]:
    """Due questions first (longest overdue first), then never-seen ones, then the rest."""
    shuffled = list(keys)
    rng.shuffle(shuffled)
    due = [k for k in shuffled if k in states and states[k].is_due(today)]
    new = [k for k in shuffled if k not in states]
    later = [k for k in shuffled if k in states and not states[k].is_due(today)]
    far_past = date.min
    due.sort(key=lambda k: states[k].due or far_past)
    later.sort(key=lambda k: states[k].due or far_past)
    return due + new + later


def due_count(states: dict[str, CardState], today: date) -> int:
    return sum(1 for s in states.values() if s.due is not None and s.due <= today)
