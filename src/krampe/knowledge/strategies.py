"""Other strategies, and the evidence next to the article's claims.

Read from ``strategies.toml`` and ``evidence.toml``.
"""

from __future__ import annotations

from typing import Literal

from krampe.knowledge.schema import Code, Entry, SourceIds, Text, Texts
from krampe.knowledge.tables import DataDir, Table, load, register

Certainty = Literal["high", "moderate", "low", "very_low"]


class Strategy(Entry):
    id: Code
    title: Text
    body: Text
    evidence: Literal["high", "moderate", "low", "very_low", "insufficient"]
    sources: SourceIds
    steps: Texts = ()


class EvidenceStatement(Entry):
    id: Code
    topic: Code
    article_claim: Text
    evidence: Text
    certainty: Certainty
    sources: SourceIds


STRATEGIES = register(Table("strategies", Strategy, "strategies.toml", key="strategy"))
EVIDENCE = register(Table("evidence", EvidenceStatement, "evidence.toml", key="statement"))


def strategies(data_dir: DataDir = None) -> tuple[Strategy, ...]:
    """Other strategies (stretching, fluids, strength training, medicine review, sleep)."""
    return load(STRATEGIES, data_dir)


def evidence(data_dir: DataDir = None) -> tuple[EvidenceStatement, ...]:
    """What the article claims next to what the best evidence says."""
    return load(EVIDENCE, data_dir)
