"""The sealed allocation: drawn at the start, committed to, revealed and checked at the end."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from krampe.domain.trial.analysis import analyze_nights
from krampe.domain.trial.design import (
    BrokenSealError,
    SealedDesignError,
    add_sealed_pair,
    apply_design,
    design_from_dict,
    design_to_dict,
    reveal_design,
    sealed_design,
    unblind,
)
from krampe.domain.trial.diary import Night
from krampe.domain.trial.running import RunningTrial, UnblindingError, start_trial
from krampe.domain.trial.sealing import (
    SCHEME,
    SEALED_PAIRS,
    PairAllocation,
    SealError,
    allocation_from_dict,
    allocation_with,
    commitment_of,
    draw_allocation,
    pair_hash,
    short_code,
)
from krampe.domain.trial.verdict import MAX_PAIRS

TODAY = dt.date(2026, 3, 10)


def _started():
    new = start_trial("blinded", TODAY, TODAY)
    assert new.allocation is not None
    return new.design, new.allocation


def test_a_started_blinded_trial_holds_the_seal_and_nothing_of_the_allocation() -> None:
    design, allocation = _started()
    assert design.seed is None and design.sealed and design.seal is not None
    assert all(p.phase is None for p in design.periods)
    text = json.dumps(design_to_dict(design))
    for pair in allocation.pairs:
        assert pair.salt not in text
    assert '"placebo"' not in text and '"magnesium"' not in text
    assert design.seal.pairs == SEALED_PAIRS == MAX_PAIRS
    assert design.seal.sealed_on == TODAY
    assert design_from_dict(design_to_dict(design)) == design


def test_every_pair_holds_one_magnesium_and_one_placebo_jar_and_orders_vary() -> None:
    orders = set()
    for _ in range(60):
        allocation = draw_allocation()
        for pair in allocation.pairs:
            assert sorted(pair.order) == ["magnesium", "placebo"]
        orders.add(tuple(p.order for p in allocation.pairs[:3]))
    assert len(orders) > 4  # 8 possible orders of three pairs; 60 draws find most


def test_the_scheme_is_sha256_of_the_documented_text() -> None:
    pair = PairAllocation(1, "placebo", "magnesium", "00ff")
    import hashlib

    expected = hashlib.sha256(b"krampe-seal-v1|pair 1|placebo|magnesium|00ff").hexdigest()
    assert pair_hash(pair) == expected
    assert commitment_of([expected]) == hashlib.sha256(f"{SCHEME}|{expected}".encode()).hexdigest()


@given(st.text(alphabet="0123456789abcdef", min_size=64, max_size=64))
def test_the_short_code_is_three_groups_of_four_crockford_characters(digest: str) -> None:
    code = short_code(digest)
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4]
    assert set(code.replace("-", "")) <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    assert short_code(digest) == code


def test_unblinding_reveals_the_allocation_and_the_check_passes() -> None:
    design, allocation = _started()
    trial = RunningTrial(design)
    assert trial.blind
    with pytest.raises(UnblindingError):
        trial.reveal(design.end, allocation)
    revealed = trial.reveal(design.end + dt.timedelta(days=1), allocation)
    assert not revealed.sealed
    assert [p.phase for p in revealed.periods] == [
        content for pair in allocation.pairs[:3] for content in pair.order
    ]
    assert revealed.seal is not None and revealed.seal.revealed == allocation.pairs[:3]
    assert revealed.seal.code == design.seal.code  # the same commitment as at the start
    again = design_from_dict(json.loads(json.dumps(design_to_dict(revealed))))
    assert again == revealed
    assert not RunningTrial(again, unblinded=True).blind
    assert sorted(unblind(again).values()) == ["magnesium"] * 3 + ["placebo"] * 3


def test_a_tampered_stored_allocation_is_caught_and_names_the_pair() -> None:
    design, allocation = _started()
    second = allocation.pairs[1]
    flipped = dataclasses.replace(second, first=second.second, second=second.first)
    tampered = dataclasses.replace(
        allocation, pairs=(allocation.pairs[0], flipped, *allocation.pairs[2:])
    )
    with pytest.raises(BrokenSealError) as raised:
        reveal_design(design, tampered)
    assert raised.value.pair == 2
    assert design.seal is not None and design.seal.code in str(raised.value)


def test_a_tampered_revealed_design_or_seal_is_caught_when_read() -> None:
    design, allocation = _started()
    data = design_to_dict(reveal_design(design, allocation))
    first, second = data["periods"][0], data["periods"][1]
    first["phase"], second["phase"] = second["phase"], first["phase"]
    with pytest.raises(BrokenSealError):
        design_from_dict(data)
    sealed = design_to_dict(design)
    sealed["seal"]["pair_hashes"][0] = "0" * 64
    with pytest.raises(BrokenSealError, match="commitment"):
        design_from_dict(sealed)


def test_a_sealed_design_cannot_be_analysed_or_labelled() -> None:
    design, _allocation = _started()
    nights = [Night(design.start + dt.timedelta(days=i), "baseline", 1) for i in range(84)]
    with pytest.raises(SealedDesignError):
        apply_design(nights, design)
    with pytest.raises(SealedDesignError):
        analyze_nights(nights, design)
    with pytest.raises(SealedDesignError):
        unblind(design)


def test_an_added_pair_was_sealed_at_the_start_and_stays_sealed_after_the_first_reveal() -> None:
    design, allocation = _started()
    first = RunningTrial(design).reveal(design.end + dt.timedelta(days=1), allocation)
    longer = add_sealed_pair(first)
    assert longer.pairs == 4 and longer.sealed
    assert [p.phase for p in longer.periods[-2:]] == [None, None]
    assert RunningTrial(longer, unblinded=True).blind  # blind again until pair 4 is revealed
    assert design_from_dict(design_to_dict(longer)) == longer
    done = RunningTrial(longer, unblinded=True).reveal(
        longer.end + dt.timedelta(days=1), allocation
    )
    assert [p.phase for p in done.periods[-2:]] == list(allocation.pairs[3].order)
    with pytest.raises(Exception, match="pairs sealed"):
        add_sealed_pair(add_sealed_pair(done))  # 5 pairs sealed: a sixth is refused
    assert add_sealed_pair(done).pairs == 5


def test_a_trial_from_before_sealing_keeps_its_order_under_a_new_seal() -> None:
    orders = [("placebo", "magnesium"), ("magnesium", "placebo"), ("placebo", "magnesium")]
    allocation = allocation_with(orders, SEALED_PAIRS)
    assert [p.order for p in allocation.pairs[:3]] == orders
    assert len(allocation.pairs) == SEALED_PAIRS
    design = sealed_design(TODAY, allocation.seal(TODAY))
    revealed = reveal_design(design, allocation)
    assert [p.phase for p in revealed.periods] == [c for o in orders for c in o]
    assert allocation_from_dict(allocation.to_dict()) == allocation
    with pytest.raises(SealError):
        allocation_with([("magnesium", "magnesium")], SEALED_PAIRS)
