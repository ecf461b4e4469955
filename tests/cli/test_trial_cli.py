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


HEADER = "date,phase,cramps,worst_pain,awakenings,took_dose,stretched,side_effect,note"


def _analyze(*args):
    return runner.invoke(app, ["analyze", *map(str, args)])


def test_odd_encodings_are_read_with_a_warning(tmp_path):
    text = (
        HEADER
        + "\n"
        + "".join(f"2025-01-{d:02d},baseline,1,3,0,0,0,none,søvnløs\n" for d in range(1, 15))
    )
    text += "".join(f"2025-01-{d:02d},magnesium,0,,0,1,0,none,\n" for d in range(15, 30))
    for encoding in ("cp1252", "utf-16"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(text.encode(encoding))
        result = _analyze(path, "--format", "json")
        assert result.exit_code == 0, result.output
        assert "Warning:" in result.stderr


def test_reader_errors_exit_2_with_line_and_no_traceback(tmp_path):
    cases = {
        "binary.csv": bytes(range(256)) * 4,
        "quote.csv": (HEADER + '\n2025-01-01,baseline,1,3,0,0,0,none,"open\n').encode(),
        "year.csv": (HEADER + "\n0001-01-07,baseline,1,3,0,0,0,none,\n").encode(),
        "week.csv": (HEADER + "\n2025-W02-3,baseline,1,3,0,0,0,none,\n").encode(),
    }
    expected = {
        "binary.csv": "line 1: the file is not a text",
        "quote.csv": "line 2: a quote",
        "year.csv": "line 2, column 1 (date)",
        "week.csv": "line 2, column 1 (date)",
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        result = _analyze(path)
        assert result.exit_code == 2, (name, result.output)
        assert expected[name] in result.stderr, (name, result.stderr)
        assert "Traceback" not in result.output


def test_a_design_that_misses_or_does_not_fit_the_diary_exits_2(tmp_path):
    diary = _simulate(tmp_path, "b.csv", "--design", "blinded", "--true-ratio", "1", "--seed", "3")
    for args in (
        ["--design", "open", "--start", "2025-01-06"],
        ["--design", "blinded", "--seed", "3", "--start", "2023-01-02"],
    ):
        made = runner.invoke(app, ["trial", "design", *args, "--format", "json"])
        design = tmp_path / "design.json"
        design.write_text(made.stdout, encoding="utf-8")
        result = _analyze(diary, "--design", design)
        assert result.exit_code == 2, result.output
        assert "another trial" in result.stderr or "no night falls inside" in result.stderr


def test_trial_extend_refuses_when_not_allowed_and_baseline_reports(tmp_path):
    made = runner.invoke(app, ["trial", "design", "--design", "blinded", "--seed", "3",
                               "--start", "2025-01-06", "--format", "json"])  # fmt: skip
    design = tmp_path / "design.json"
    design.write_text(made.stdout, encoding="utf-8")
    diary = _simulate(tmp_path, "b.csv", "--design", "blinded", "--true-ratio", "1", "--seed", "3")
    early = runner.invoke(
        app, ["trial", "extend", str(diary), "--design", str(design), "--today", "2025-02-01"]
    )
    assert early.exit_code == 2 and "has not ended yet" in early.stderr
    opened = runner.invoke(app, ["trial", "design", "--design", "open",
                                 "--start", "2025-01-06", "--format", "json"])  # fmt: skip
    open_design = tmp_path / "open.json"
    open_design.write_text(opened.stdout, encoding="utf-8")
    few = tmp_path / "few.csv"
    few.write_text(HEADER + "\n2025-01-06,baseline,1,3,0,0,0,none,\n", encoding="utf-8")
    status = runner.invoke(
        app, ["trial", "baseline", str(few), "--design", str(open_design),
              "--today", "2025-01-20", "--format", "json"],
    )  # fmt: skip
    assert status.exit_code == 0, status.output
    data = json.loads(status.stdout)
    assert data["code"] == "short" and data["extend_by"] == 6
    longer = runner.invoke(
        app, ["trial", "baseline", str(few), "--design", str(open_design),
              "--today", "2025-01-20", "--extend", "--format", "json"],
    )  # fmt: skip
    assert json.loads(longer.stdout)["params"]["baseline_nights"] == 27


def test_trial_plan_keeps_its_fields_and_adds_correct_verdicts():
    result = runner.invoke(
        app, ["trial", "plan", "--trials", "10", "--scenario", "pessimistic", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 6
    for row in rows:
        assert {"design", "true_reduction", "trials", "p_clear_verdict", "verdicts"} <= set(row)
        assert row["scenario"] == "pessimistic"
        assert 0.0 <= row["p_correct_verdict"] <= 1.0
        if row["design"] == "open" and row["true_reduction"] > 0:
            assert row["p_correct_verdict"] == 0.0  # open-label is never positive
        if row["design"] == "blinded":
            assert row["p_correct_extended"] is not None
    bad = runner.invoke(app, ["trial", "plan", "--scenario", "gloomy"])
    assert bad.exit_code == 2


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
    assert "Periode 1: 1. dec. 2026 til 21. dec. 2026" in danish.stdout  # a 21-night baseline
    assert "22. dec. 2026 til 1. feb. 2027" in danish.stdout
    assert "Period 1: 1 Dec 2026 to 21 Dec 2026" in english.stdout
    assert "2026-12-01" not in danish.stdout + english.stdout


def test_the_run_in_option_states_the_designs_range_and_default():
    """The command line keeps its imports light, so its help types the range out;
    this holds it to the design's RUN_IN_RANGE and default."""
    import typer.core
    import typer.main

    from krampe.domain.trial.design import DEFAULT_RUN_IN, RUN_IN_RANGE

    command = typer.main.get_command(app)
    assert isinstance(command, typer.core.TyperGroup)
    trial = command.commands["trial"]
    assert isinstance(trial, typer.core.TyperGroup)
    option = next(p for p in trial.commands["design"].params if p.name == "run_in")
    low, high = RUN_IN_RANGE
    assert f"{low} to {high}" in (option.help or "")
    assert option.default == DEFAULT_RUN_IN
