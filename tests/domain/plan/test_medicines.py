"""The one medicine resolver of a plan: unknown names kept, duplicates merged, times kept."""

from __future__ import annotations

from krampe.domain.plan.medicines import MedicineEntry, resolve_plan_medicines


def test_an_unknown_name_is_kept_and_named_with_no_rule() -> None:
    (medicine,) = resolve_plan_medicines([MedicineEntry("Xyzzyq", (480,))], lang="en")
    assert medicine.name == "Xyzzyq" and not medicine.recognised
    assert medicine.doses().rules == () and medicine.doses().times == (480,)
    assert medicine.to_dict()["recognised"] is False


def test_a_brand_and_its_substance_are_one_medicine_with_both_times() -> None:
    entries = [MedicineEntry("Eltroxin", (420,)), MedicineEntry("levothyroxine", (1260,))]
    (medicine,) = resolve_plan_medicines(entries, lang="en")
    assert medicine.name == "Eltroxin" and medicine.times == (420, 1260)
    assert medicine.resolved is not None and medicine.resolved.atc == "H03AA01"


def test_the_same_unknown_name_twice_is_one_entry() -> None:
    entries = [MedicineEntry("Xyzzyq", (480,)), MedicineEntry("xyzzyq ", (600,))]
    (medicine,) = resolve_plan_medicines(entries, lang="en")
    assert medicine.times == (480, 600)


def test_a_profile_medicine_without_times_is_kept_and_one_with_times_is_not_repeated() -> None:
    given = [MedicineEntry("Eltroxin", (420,), "--med")]
    medicines = resolve_plan_medicines(given, ["eltroxin", "Ciproxin", ""], lang="en")
    assert [(m.name, m.times) for m in medicines] == [("Eltroxin", (420,)), ("Ciproxin", ())]
    cipro = medicines[1].doses()
    assert cipro.rules and cipro.times == ()  # a rule whose time is not known
