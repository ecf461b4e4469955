"""Safety screening before a magnesium self-trial (pure: no Django, no shell).

``parse_profile`` checks a person's profile, ``screen`` turns it into
findings (red flags, reasons to talk to a doctor first, spacing rules with
medicines, cramp-provoking medicines, deficiency risks) and a ``self_trial``
summary, and ``resolve_medicine`` maps a typed medicine name to the
knowledge base. See docs/screening.md.
"""

from krampe.domain.screening.engine import ScreeningResult, screen
from krampe.domain.screening.findings import KINDS, SELF_TRIAL_ORDER, SEVERITIES, Finding
from krampe.domain.screening.medicines import (
    Candidate,
    MedicineResolution,
    ResolvedMedicine,
    resolve_medicine,
)
from krampe.domain.screening.profile import (
    Profile,
    ProfileError,
    parse_profile,
    profile_json_schema,
)
from krampe.domain.screening.report import format_report

__all__ = [
    "KINDS",
    "SELF_TRIAL_ORDER",
    "SEVERITIES",
    "Candidate",
    "Finding",
    "MedicineResolution",
    "Profile",
    "ProfileError",
    "ResolvedMedicine",
    "ScreeningResult",
    "format_report",
    "parse_profile",
    "profile_json_schema",
    "resolve_medicine",
    "screen",
]
