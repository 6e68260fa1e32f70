"""How `ketalog insights` speaks: to the patient or, in the summary, about them; each
factor's and outcome's words; the caveats every finding carries."""

from __future__ import annotations

from typing import NamedTuple

from ketalog.insights.factors import EARLY_FATIGUE, NEXT_DAY, RECOVERY, Factor

NOT_PROOF = "These are patterns in your own entries, not proof of cause."
POWER = (
    "ketalog can usually tell a 2-day difference in recovery after about {enough} sessions; "
    "you have {n}."
)
PROVIDER = "Worth discussing with your provider."
FEW = "few sessions yet:"
LOGGED = "both known for"

OUTCOME_LABELS = {
    RECOVERY: "recovery day",
    EARLY_FATIGUE: "fatigue days 1–3",
    NEXT_DAY: "next-day fatigue",
}
OUTCOME_NAMES = {  # the outcomes inside a sentence
    RECOVERY: "the recovery day",
    EARLY_FATIGUE: "fatigue on days 1–3",
    NEXT_DAY: "next-day fatigue",
}


class Voice(NamedTuple):
    """Who the sentences speak of: to the patient reading `insights`, or to their provider."""

    who: str
    was: str
    whose: str
    discuss: str  # after a finding about dose, route or schedule
    not_proof: str


YOU = Voice("you", "were", "your", PROVIDER, NOT_PROOF)
PATIENT = Voice(
    "the patient",
    "was",
    "the patient's",
    "Worth discussing with the patient.",
    "These are patterns in the patient's own entries, not proof of cause.",
)


class Words(NamedTuple):
    label: str  # the table's name for the factor
    amount: str  # the unit of its numbers
    above: str  # "After sessions where {above}, ..." with {t}: "6 or more", {who}
    below: str  # "... with {below}, ..."
    provider: bool = False  # dose, route, schedule: only ever worth discussing
    caveat: str = ""  # what can make the pattern appear with no effect behind it


WORDS = {
    "water_days_0_2": Words(
        "Water, days 0–2", "glasses a day", "{who} drank {t} glasses a day on days 0–2", "less"
    ),
    "movement_days_1_3": Words(
        "Movement, days 1–3", "minutes a day", "{who} moved {t} minutes a day on days 1–3", "less"
    ),
    "mindful_days_0_2": Words(
        "Mindfulness, days 0–2",
        "minutes a day",
        "{who} practised mindfulness {t} minutes a day on days 0–2",
        "less",
    ),
    "sleep_night_after": Words(
        "Sleep the night after", "hours", "{who} slept {t} hours the night after", "less sleep"
    ),
    "dissociation": Words(
        "Peak dissociation",
        "of 10",
        "the peak dissociation was {t} of 10",
        "less dissociation",
        provider=True,
    ),
    "days_since_previous": Words(
        "Days since previous session",
        "days",
        "the previous session was {t} days before",
        "sessions closer together",
        provider=True,
        caveat=(
            "Sessions close together start from a higher level and leave fewer days to "
            "recover in, which alone can make them look quicker."
        ),
    ),
    "route": Words("Route", "", "", "", provider=True),
    "drug": Words("Drug", "", "", "", provider=True),
    "water_that_day": Words(
        "Water that day", "glasses", "On days {who} drank {t} glasses", "fewer"
    ),
    "movement_that_day": Words(
        "Movement that day", "minutes", "On days {who} moved {t} minutes", "less"
    ),
    "mindful_that_day": Words(
        "Mindfulness that day", "minutes", "On days {who} practised mindfulness {t} minutes", "less"
    ),
}


def words_for(f: Factor) -> Words:
    if f.drug is not None:
        return Words(
            f"Dose of {f.drug} ({f.dose_unit})",
            f.dose_unit or "",
            f"the {f.drug} dose was {{t}} {f.dose_unit}",
            "lower doses",
            provider=True,
        )
    return WORDS[f.key]
