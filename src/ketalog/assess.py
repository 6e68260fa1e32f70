"""PHQ-9 and GAD-7: the questions, scoring and severity bands (docs/clinical.md; verbatim)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ketalog.errors import InputError

if TYPE_CHECKING:
    from ketalog.model import Assessment

CREDIT = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and "
    "colleagues, with an educational grant from Pfizer Inc. No permission required to "
    "reproduce, translate, display or distribute."
)
ANSWERS = ("Not at all", "Several days", "More than half the days", "Nearly every day")
DIFFICULTY_QUESTION = (
    "If you checked off any problems, how difficult have these problems made it for you "
    "to do your work, take care of things at home, or get along with other people?"
)
DIFFICULTY = ("Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult")
# After each questionnaire: the credit in one line; the full one is in `assess --help`
# and the provider summary.
CREDIT_LINE = "Questionnaire by Drs. Spitzer, Williams, Kroenke et al. (grant: Pfizer Inc.)."
MEANINGFUL_CHANGE = {"phq9": 5}  # smallest clinically important change (Löwe et al. 2004)
# From these totals (the top band) the patient is told to contact the provider soon.
URGENT_FROM = {"phq9": 20, "gad7": 15}
SAFETY_ITEM = 9  # PHQ-9 item 9, numbered from 1


class Instrument(NamedTuple):
    key: str
    name: str
    lead_in: str
    items: tuple[str, ...]
    bands: tuple[tuple[int, str], ...]  # (lowest total, band), ascending

    @property
    def max_total(self) -> int:
        return 3 * len(self.items)

    def band(self, total: int) -> str:
        return [name for low, name in self.bands if total >= low][-1]


PHQ9 = Instrument(
    key="phq9",
    name="PHQ-9",
    lead_in=(
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    ),
    items=(
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself or "
        "your family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite "
        "— being so fidgety or restless that you have been moving around a lot more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
    bands=(
        (0, "minimal"),
        (5, "mild"),
        (10, "moderate"),
        (15, "moderately severe"),
        (20, "severe"),
    ),
)
GAD7 = Instrument(
    key="gad7",
    name="GAD-7",
    lead_in="Over the last 2 weeks, how often have you been bothered by the following problems?",
    items=(
        "Feeling nervous, anxious, or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid, as if something awful might happen",
    ),
    bands=((0, "minimal"), (5, "mild"), (10, "moderate"), (15, "severe")),
)
INSTRUMENTS = {i.key: i for i in (PHQ9, GAD7)}


class Score(NamedTuple):
    instrument: str
    answers: tuple[int, ...]
    total: int
    band: str
    item9: int | None  # PHQ-9's safety item; None for GAD-7

    @property
    def safety_flag(self) -> bool:
        return bool(self.item9)


def score(instrument: Instrument, answers: tuple[int, ...]) -> Score:
    if len(answers) != len(instrument.items) or any(a not in (0, 1, 2, 3) for a in answers):
        raise InputError(f"{instrument.name} needs {len(instrument.items)} answers, each 0-3")
    total = sum(answers)
    item9 = answers[SAFETY_ITEM - 1] if instrument.key == "phq9" else None
    return Score(instrument.key, answers, total, instrument.band(total), item9)


def parse_answers(instrument: Instrument, text: str) -> tuple[int, ...]:
    """'0,1,2,...', '0 1 2 ...' or '012...' -> answers; exactly the instrument's item
    count, each 0-3."""
    import re

    compact = text.strip()
    parts = list(compact) if compact.isdigit() else [p for p in re.split(r"[\s,;]+", compact) if p]
    count = len(instrument.items)
    if len(parts) != count:
        raise InputError(
            f"--answers {text!r} has {len(parts)} answers; {instrument.name} needs {count}, "
            "each 0-3, separated by commas or spaces"
        )
    try:
        values = tuple(int(p) for p in parts)
    except ValueError:
        raise InputError(f"--answers {text!r}: each answer must be a whole number 0-3") from None
    if any(v not in (0, 1, 2, 3) for v in values):
        raise InputError(f"--answers {text!r}: each answer must be 0, 1, 2 or 3")
    return values


def change_text(instrument: Instrument, now: int, before: int | None) -> str | None:
    if before is None:
        return None
    diff = now - before
    if diff == 0:
        return f"Same total as last time ({before})."
    direction = "up" if diff > 0 else "down"
    text = f"{direction.capitalize()} {abs(diff)} from last time ({before} → {now})."
    limit = MEANINGFUL_CHANGE.get(instrument.key)
    if limit is not None and abs(diff) >= limit:
        text += f" A change of {limit} or more points is considered meaningful."
    return text


def score_cells(a: Assessment, change: int | None) -> list[str]:
    """Date, scale, total, band, `change` signed, item 9: one questionnaire's cells."""
    from ketalog.wording import nice_date

    inst = INSTRUMENTS[a.instrument]
    return [
        nice_date(a.day),
        inst.name,
        f"{a.total}/{inst.max_total}",
        a.band,
        "" if change is None else f"{change:+d}",
        "" if a.item9 is None else str(a.item9),
    ]


def table_rows(assessments: list[Assessment]) -> list[list[str]]:
    """`score_cells` with the change since the previous one of that scale: the table of
    `ketalog assess list`."""
    rows: list[list[str]] = []
    last: dict[str, int] = {}
    for a in assessments:
        before = last.get(a.instrument)
        last[a.instrument] = a.total
        rows.append(score_cells(a, None if before is None else a.total - before))
    return rows
