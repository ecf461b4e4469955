"""NUL and control characters are refused in every stored text field; CSV cells that a
spreadsheet would run as a formula are neutralised on export and restored on import."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil

import pytest
import time_machine
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from krampe.domain.text import neutralise_formula, restore_formula
from krampe.domain.trial.diary import Night, format_diary_csv, parse_diary_csv
from krampe.web.core.validators import NoControlCharacters

FORMULAS = [
    '=HYPERLINK("http://evil.example","x")',
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("note", FORMULAS)
def test_a_formula_note_is_exported_with_a_leading_quote(note):
    text = format_diary_csv([Night(dt.date(2026, 1, 5), "baseline", 1, 2, note=note)])
    cell = text.splitlines()[1] if "\r" not in note else text.split("\n", 1)[1]
    assert "'" + note.replace('"', '""') in cell
    assert f",{note}" not in cell  # never raw at the start of the cell


@given(st.text(max_size=40))
def test_neutralising_and_restoring_gives_back_the_note(note):
    assert restore_formula(neutralise_formula(note)) == note
    assert not neutralise_formula(note).startswith(("=", "+", "-", "@", "\t", "\r"))


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=60))
def test_a_note_survives_export_and_import(note):
    night = Night(dt.date(2026, 1, 5), "baseline", 1, 2, note=note)
    assert parse_diary_csv(format_diary_csv([night]))[0].note == note


@pytest.mark.django_db
def test_csv_export_and_reimport_through_the_web(logged_in, karen):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from krampe.web.diary.models import Night as Row

    for day, note in enumerate(FORMULAS[:5]):
        Row.objects.create(
            user=karen, date=dt.date(2026, 1, 5 + day), cramps=1, worst_pain=2, note=note
        )
    exported = b"".join(logged_in.get("/data/diary.csv").streaming_content)
    for note in FORMULAS[:5]:
        assert ("\n" + note) not in exported.decode() and ("," + note) not in exported.decode()
    Row.objects.filter(user=karen).delete()
    with time_machine.travel("2026-12-01 09:00 +0100", tick=False):
        answer = logged_in.post(
            "/data/import/", {"diary": SimpleUploadedFile("d.csv", exported, "text/csv")}
        )
    assert answer.status_code == 302
    assert sorted(Row.objects.values_list("note", flat=True)) == sorted(FORMULAS[:5])


# --- control characters -----------------------------------------------------------------


def _project_forms() -> list[type[forms.BaseForm]]:
    import krampe.web

    for module in pkgutil.walk_packages(krampe.web.__path__, "krampe.web."):
        if module.name.endswith(("forms", "views")):
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    todo: list[type] = [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("krampe."):
            found.append(cls)
    return found


@pytest.mark.django_db
def test_every_text_field_of_every_form_refuses_control_characters():
    checked = []
    for form in _project_forms():
        try:
            fields = form().fields  # as the page has it (some forms set fields in __init__)
        except TypeError:  # a form that needs the request or a user: its declared fields
            fields = form.base_fields
        for name, field in fields.items():
            if not isinstance(field, forms.CharField) or isinstance(
                field.widget, forms.PasswordInput
            ):
                continue  # choices, numbers, dates; passwords are hashed, never shown
            validators = list(field.validators)
            model = getattr(getattr(form, "_meta", None), "model", None)
            if model is not None:  # a ModelForm also runs the model field's validators
                validators += model._meta.get_field(name).validators
            has_rule = any(
                isinstance(v, NoControlCharacters) or "UsernameValidator" in type(v).__name__
                for v in validators
            )
            assert has_rule, f"{form.__module__}.{form.__name__}.{name}"
            checked.append(name)
    assert {"note", "name", "times", "username"} <= set(checked)


NUL = "Magnesium\x00 aften"
BELL = "Magnesium\x07 aften"


@pytest.mark.django_db
@pytest.mark.parametrize("text", [NUL, BELL])
def test_the_night_note_refuses_control_characters_and_keeps_line_breaks(logged_in, text):
    fields = {"date": "2026-11-30", "cramps": "0", "awakenings": "0", "side_effect": "none"}
    with time_machine.travel("2026-12-01 09:00 +0100", tick=False):
        refused = logged_in.post("/log/", {**fields, "note": text})
        assert refused.status_code == 200
        assert "note" in refused.context["form"].errors
        kept = logged_in.post("/log/", {**fields, "note": "line one\nline two\tend"})
    assert kept.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("text", [NUL, BELL])
def test_profile_medicine_names_refuse_control_characters(logged_in, text):
    from krampe.web.profiles.models import HealthProfile

    answer = logged_in.post(
        "/profile/", {"age": "60", "sex": "female", "medicines": ["Eltroxin", text]}
    )
    assert answer.status_code == 200
    assert "without control characters" in answer.content.decode()
    assert not HealthProfile.objects.exists()


@pytest.mark.django_db
def test_plan_medicine_names_and_times_refuse_control_characters(logged_in):
    from krampe.web.plans.models import SupplementPlan

    data = {
        "product": "",
        "daily_mg": "200",
        "wake": "07:00",
        "bed": "23:00",
        "med-TOTAL_FORMS": "2",
        "med-INITIAL_FORMS": "0",
        "med-0-name": NUL,
        "med-0-times": "08:00",
        "med-1-name": "Eltroxin",
        "med-1-times": "07:00\x00",
    }
    answer = logged_in.post("/plan/", data)
    assert answer.status_code == 200
    errors = [f.errors for f in answer.context["medicines"].forms]
    assert "name" in errors[0] and "times" in errors[1]
    assert not SupplementPlan.objects.exists()


@pytest.mark.django_db
def test_imported_notes_refuse_control_characters(logged_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from krampe.web.diary.models import Night as Row

    header = "date,phase,cramps,worst_pain,awakenings,took_dose,stretched,side_effect,note\n"
    content = (header + f"2026-11-30,baseline,1,2,0,,,none,{NUL}\n").encode()
    with time_machine.travel("2026-12-01 09:00 +0100", tick=False):
        answer = logged_in.post(
            "/data/import/", {"diary": SimpleUploadedFile("d.csv", content, "text/csv")}
        )
    assert answer.status_code == 400
    assert [(p.line, p.name) for p in answer.context["problems"]] == [(2, "note")]
    assert not Row.objects.exists()


@pytest.mark.django_db
def test_the_medicine_api_answers_422_naming_q(logged_in):
    answer = logged_in.get("/api/medicines", {"q": NUL})
    assert answer.status_code == 422
    assert "q" in answer.content.decode()
