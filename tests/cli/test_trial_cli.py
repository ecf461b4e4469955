import json

from typer.testing import CliRunner

from krampe.cli.main import app

runner = CliRunner()


def _simulate(tmp_path, name, *args):
    result = runner.invoke(app, ["simulate", *args])
    assert result.exit_code == 0, result.output
    path = tmp_path / name
    path.write_text(result.stdout, encoding="utf-8")
    return path


def test_analyze_prints_one_json_line_per_diary_in_order(tmp_path):
    open_csv = _simulate(
        tmp_path, "open.csv", "--design", "open", "--true-ratio", "1", "--seed", "2"
    )
    blind_csv = _simulate(
        tmp_path, "blind.csv", "--design", "blinded", "--true-ratio", "0.5", "--seed", "3"
    )
    result = runner.invoke(
        app, ["analyze", str(open_csv), str(blind_csv), "--format", "json", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["file"] for d in lines] == [str(open_csv), str(blind_csv)]
    assert [d["comparison"] for d in lines] == ["magnesium_vs_baseline", "magnesium_vs_placebo"]
    first = lines[0]
    assert set(first["nights"]) == {"baseline", "run_in", "magnesium"}
    assert first["counted_nights"]["treated"] == first["nights"]["magnesium"]  # run-in left out
    lo, hi = first["rate_ratio"]["ci95"]
    assert lo < first["rate_ratio"]["median"] < hi
    assert any("placebo" in c for c in first["caveats"])
    assert lines[1]["caveats"] == [] or all("28" not in c for c in lines[1]["caveats"])


def test_a_bad_row_stops_everything_with_line_and_column(tmp_path):
    good = _simulate(tmp_path, "good.csv", "--design", "open", "--true-ratio", "1")
    rows = good.read_text().splitlines()
    fields = rows[5].split(",")
    fields[2] = "many"
    rows[5] = ",".join(fields)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(rows) + "\n")
    result = runner.invoke(app, ["analyze", str(good), str(bad), "--format", "json"])
    assert result.exit_code == 2
    assert result.stdout == ""  # nothing analysed, not even the good file
    assert f"{bad}: line 6, column 3 (cramps)" in result.stderr


def test_design_json_feeds_analyze_and_text_prints_the_allocation_sheet(tmp_path):
    result = runner.invoke(
        app,
        [
            "trial",
            "design",
            "--design",
            "blinded",
            "--seed",
            "4",
            "--start",
            "2025-01-06",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0
    design_path = tmp_path / "design.json"
    design_path.write_text(result.stdout)
    assert json.loads(result.stdout)["seed"] == 4
    diary = _simulate(
        tmp_path, "d.csv", "--design", "blinded", "--true-ratio", "0.7", "--seed", "4"
    )
    analysed = runner.invoke(
        app, ["analyze", str(diary), "--design", str(design_path), "--format", "json"]
    )
    assert analysed.exit_code == 0, analysed.output
    assert json.loads(analysed.stdout)["comparison"] == "magnesium_vs_placebo"
    text = runner.invoke(
        app, ["trial", "design", "--design", "blinded", "--seed", "4", "--lang", "en"]
    )
    assert "ALLOCATION SHEET" in text.stdout and "Jar 1A" in text.stdout


def test_plot_and_bad_options_exit_2(tmp_path):
    diary = _simulate(tmp_path, "d.csv", "--design", "open", "--true-ratio", "0.5")
    plot = tmp_path / "chart.svg"
    ok = runner.invoke(app, ["analyze", str(diary), "--plot", str(plot)])
    assert ok.exit_code == 0 and plot.read_bytes().lstrip().startswith(b"<?xml")
    bad = runner.invoke(app, ["analyze", str(diary), "--threshold", "1.5"])
    assert bad.exit_code == 2 and "--threshold" in bad.stderr
    bad_plot = runner.invoke(app, ["analyze", str(diary), "--plot", str(tmp_path / "c.gif")])
    assert bad_plot.exit_code == 2


def test_the_text_report_speaks_the_chosen_language(tmp_path):
    diary = _simulate(tmp_path, "d.csv", "--design", "blinded", "--true-ratio", "0.6")
    danish = runner.invoke(app, ["analyze", str(diary)]).stdout
    english = runner.invoke(app, ["analyze", str(diary), "--lang", "en"]).stdout
    assert "rateforhold" in danish and "konklusion:" in danish and "rate ratio" not in danish
    assert "rate ratio" in english and "verdict:" in english


def test_analyze_refuses_a_sealed_design_with_a_reason(tmp_path) -> None:
    import datetime as _dt
    import json as _json

    from typer.testing import CliRunner

    from krampe.cli.main import app
    from krampe.domain.trial.design import design_to_dict
    from krampe.domain.trial.running import start_trial

    today = _dt.date.today()
    design = start_trial("blinded", today, today).design
    path = tmp_path / "design.json"
    path.write_text(_json.dumps(design_to_dict(design)))
    diary = tmp_path / "diary.csv"
    diary.write_text(
        "date,phase,cramps,worst_pain,awakenings,took_dose,stretched,side_effect,note\n"
    )
    result = CliRunner().invoke(app, ["analyze", str(diary), "--design", str(path)])
    assert result.exit_code == 2
    assert "sealed blinded trial" in result.output


def test_the_design_text_writes_dates_as_each_language_does():
    args = ["trial", "design", "--design", "open", "--start", "2026-12-01"]
    danish = runner.invoke(app, [*args, "--lang", "da"])
    english = runner.invoke(app, [*args, "--lang", "en"])
    assert danish.exit_code == 0 and english.exit_code == 0
    assert "Periode 1: 1. dec. 2026 til 14. dec. 2026" in danish.stdout
    assert "15. dec. 2026 til 25. jan. 2027" in danish.stdout
    assert "Period 1: 1 Dec 2026 to 14 Dec 2026" in english.stdout
    assert "2026-12-01" not in danish.stdout + english.stdout
