"""`kata interview`: a timed session of mixed questions, graded, scheduled and reported.

The engine knows nothing of terminals: it asks a `Conversation` (rich prompts for a person,
scripted lines for tests and scripts; both drive this same code) and records every answer in
progress as soon as it is given, so Ctrl-C or a kill loses at most the question on screen.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from kata.catalog import Catalog, Kata
from kata.progress import Progress, now_iso
from kata.questions import OutputCache, Question, QuestionError, load_bank
from kata.scheduler import CardState, due_count, order, review

SECTION = "interview"
PASS_SHARE = 0.5
"""An explain answer counts as known when at least half of the checklist was covered."""
LETTERS = "abcde"


@dataclass
class Settings:
    questions: int = 10
    minutes: float = 20.0
    timer: bool = True
    topics: list[Kata] = field(default_factory=list)
    everything: bool = False
    seed: int | None = None


@dataclass
class Outcome:
    """How one answer was graded."""

    question: Question
    correct: bool
    score: float
    seconds: float
    given: str
    expected: str = ""
    """For predict: the real output; for choice: the right option; for bug: the line."""
    explanation: str = ""
    next_due: date | None = None
    covered: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question.key,
            "kata": self.question.slug,
            "kind": self.question.kind,
            "correct": self.correct,
            "score": round(self.score, 2),
            "seconds": round(self.seconds, 1),
            "next_due": self.next_due.isoformat() if self.next_due else None,
        }


class Conversation(Protocol):
    """The terminal side of a session (see render.InterviewScreen)."""

    def present(
        self,
        question: Question,
        number: int,
        total: int,
        remaining: float | None,
        choices: list[str],
    ) -> None: ...

    def answer(self, question: Question) -> str | None:
        """The learner's answer; None when input has ended (end of a script, Ctrl-D)."""

    def checklist(self, question: Question) -> list[int] | None:
        """For explain questions: which points (0-based) the learner says they covered."""

    def feedback(self, outcome: Outcome) -> None: ...


class NoQuestionsError(Exception):
    """Nothing to ask: no bank for the chosen katas, or no kata started yet."""


def normalise(text: str) -> list[str]:
    """Whitespace-tolerant form of printed output: lines, inner runs of spaces collapsed."""
    text = text.replace("\\n", "\n")
    lines = (" ".join(line.split()) for line in text.splitlines())
    return [line for line in lines if line]


def grade_predict(answer: str, real: str) -> bool:
    return normalise(answer) == normalise(real)


def parse_choice(answer: str, count: int) -> int | None:
    text = answer.strip().lower().rstrip(").")
    if len(text) == 1 and text in LETTERS[:count]:
        return LETTERS.index(text)
    if text.isdigit() and 1 <= int(text) <= count:
        return int(text) - 1
    return None


def parse_line(answer: str) -> int | None:
    match = re.search(r"\d+", answer)
    return int(match.group()) if match else None


def shuffled_choices(question: Question, rng: random.Random) -> list[int]:
    """Choice order for this session (so the right answer is not always in one place)."""
    indexes = list(range(len(question.choices)))
    rng.shuffle(indexes)
    return indexes


class Session:
    def __init__(
        self,
        catalog: Catalog,
        settings: Settings,
        cache: OutputCache,
        save: Callable[[Callable[[Progress], None]], None],
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.catalog = catalog
        self.settings = settings
        self.cache = cache
        self.save = save
        self.clock = clock
        self.today = today
        self.rng = random.Random(settings.seed)
        self.outcomes: list[Outcome] = []
        self.interrupted = False

    def pick(self, progress: Progress) -> list[Question]:
        """The questions of this session, due ones first, from the katas in scope."""
        if self.settings.topics:
            katas = self.settings.topics
        elif self.settings.everything:
            katas = list(self.catalog.katas)
        else:
            katas = [k for k in self.catalog.katas if progress.status(k.slug) != "todo"]
            if not katas:
                raise NoQuestionsError(
                    "You have not started a kata yet, so there is nothing to drill. Pass or "
                    "start one first, or run `kata interview --all` for every topic."
                )
        bank: dict[str, Question] = {}
        for kata in katas:
            try:
                questions = load_bank(kata)
            except QuestionError:
                continue  # a broken bank is an author's problem: dev check reports it
            for question in questions:
                if question.available():
                    bank[question.key] = question
        if not bank:
            raise NoQuestionsError("The chosen katas have no interview questions yet.")
        states = card_states(progress)
        keys = order(sorted(bank), states, self.today(), self.rng)
        return [bank[k] for k in keys[: self.settings.questions]]

    def run(self, questions: list[Question], talk: Conversation) -> list[Outcome]:
        start = self.clock()
        deadline = start + self.settings.minutes * 60 if self.settings.timer else None
        try:
            for number, question in enumerate(questions, start=1):
                remaining = deadline - self.clock() if deadline is not None else None
                if remaining is not None and remaining <= 0:
                    break
                outcome = self.ask(question, number, len(questions), remaining, talk)
                if outcome is None:
                    break
                self.record(outcome)
                talk.feedback(outcome)
        except KeyboardInterrupt:
            self.interrupted = True
        self.cache.save()
        return self.outcomes

    def ask(
        self,
        question: Question,
        number: int,
        total: int,
        remaining: float | None,
        talk: Conversation,
    ) -> Outcome | None:
        order_ = shuffled_choices(question, self.rng) if question.kind == "choice" else []
        labels = [question.choices[i].text for i in order_]
        expected = self.cache.output(question.code) if question.kind == "predict" else ""
        talk.present(question, number, total, remaining, labels)
        began = self.clock()
        given = talk.answer(question)
        if given is None:
            return None
        covered: list[int] = []
        if question.kind == "explain":
            ticks = talk.checklist(question)
            if ticks is None:
                return None
            covered = sorted({t for t in ticks if 0 <= t < len(question.points)})
        seconds = self.clock() - began
        return self.grade(question, given, expected, order_, covered, seconds)

    def grade(
        self,
        question: Question,
        given: str,
        expected: str,
        order_: list[int],
        covered: list[int],
        seconds: float,
    ) -> Outcome:
        kind = question.kind
        if kind == "predict":
            correct = grade_predict(given, expected)
            return Outcome(
                question, correct, float(correct), seconds, given, expected, question.why
            )
        if kind == "choice":
            picked = parse_choice(given, len(order_))
            right = next(i for i, c in enumerate(question.choices) if c.correct)
            chosen = order_[picked] if picked is not None else None
            correct = chosen == right
            why = question.why
            if chosen is not None and not correct:
                why = f"{question.choices[chosen].why} {question.why}"
            label = f"{LETTERS[order_.index(right)]}) {question.choices[right].text}"
            return Outcome(question, correct, float(correct), seconds, given, label, why)
        if kind == "bug":
            correct = parse_line(given) == question.line
            return Outcome(
                question,
                correct,
                float(correct),
                seconds,
                given,
                f"line {question.line}",
                question.why,
            )
        share = len(covered) / len(question.points)
        return Outcome(
            question, share >= PASS_SHARE, share, seconds, given, "", question.why, covered=covered
        )

    def record(self, outcome: Outcome) -> None:
        today = self.today()

        def change(progress: Progress) -> None:
            section = progress.other.setdefault(SECTION, {})
            cards = section.setdefault("questions", {})
            state = CardState.from_dict(cards.get(outcome.question.key))
            new = review(state, outcome.correct, today)
            new.last_seen = now_iso()
            new.history.append(
                {
                    "at": new.last_seen,
                    "correct": outcome.correct,
                    "score": round(outcome.score, 2),
                    "seconds": round(outcome.seconds, 1),
                }
            )
            cards[outcome.question.key] = new.to_dict()
            outcome.next_due = new.due

        self.save(change)
        self.outcomes.append(outcome)


def card_states(progress: Progress) -> dict[str, CardState]:
    section = progress.other.get(SECTION)
    cards = section.get("questions") if isinstance(section, dict) else None
    if not isinstance(cards, dict):
        return {}
    return {str(k): CardState.from_dict(v) for k, v in cards.items()}


def questions_due(progress: Progress, today: date | None = None) -> int:
    return due_count(card_states(progress), today or date.today())


@dataclass
class TopicScore:
    kata: Kata
    asked: int
    score: float

    @property
    def share(self) -> float:
        return self.score / self.asked if self.asked else 0.0


def topic_scores(catalog: Catalog, outcomes: list[Outcome]) -> list[TopicScore]:
    """Per kata asked about, weakest first."""
    scores: dict[str, TopicScore] = {}
    for outcome in outcomes:
        kata = catalog.get(outcome.question.slug)
        if kata is None:
            continue
        entry = scores.setdefault(kata.slug, TopicScore(kata, 0, 0.0))
        entry.asked += 1
        entry.score += outcome.score
    return sorted(scores.values(), key=lambda t: (t.share, t.kata.order))


def report_json(catalog: Catalog, outcomes: list[Outcome], interrupted: bool) -> dict[str, Any]:
    topics = topic_scores(catalog, outcomes)
    return {
        "version": 1,
        "answered": len(outcomes),
        "correct": sum(o.correct for o in outcomes),
        "score": round(sum(o.score for o in outcomes), 2),
        "interrupted": interrupted,
        "topics": [
            {"kata": t.kata.slug, "asked": t.asked, "score": round(t.score, 2)} for t in topics
        ],
        "weakest": [t.kata.slug for t in topics if t.share < 1][:3],
        "questions": [o.to_json() for o in outcomes],
    }
