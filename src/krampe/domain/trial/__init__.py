"""Personal (N-of-1) trials: designs, diaries, a fast Bayesian analysis, verdicts.

Pure code over plain data (numpy and scipy only). The CLI, the web app and the
API call these functions; nothing here knows about Django or a terminal.
"""

from krampe.domain.trial.diary import (
    DiaryError,
    DiaryIssue,
    Night,
    format_diary_csv,
    parse_diary_csv,
)
from krampe.domain.vocab import PHASES, SIDE_EFFECTS

__all__ = [
    "PHASES",
    "SIDE_EFFECTS",
    "DiaryError",
    "DiaryIssue",
    "Night",
    "format_diary_csv",
    "parse_diary_csv",
]
