"""`report` and `batch` from the command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml
from pypdf import PdfReader
from typer.testing import CliRunner

from assessment.cli.main import app
from tests.conftest import EXAMPLES, TESTDATA

runner = CliRunner()


def test_report_writes_pdf_and_html(tmp_path: Path) -> None:
    pdf, html = tmp_path / "out" / "r.pdf", tmp_path / "r.html"
    result = runner.invoke(
        app,
        [
            "report",
            str(EXAMPLES / "solo-developer.yaml"),
            "-o",
            str(pdf),
            "--html",
            str(html),
            "--paper",
            "letter",
            "--brand",
            str(TESTDATA / "brand" / "brand.yaml"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {pdf} (")
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert round(float(reader.pages[0].mediabox.height)) == 792
    assert html.read_text().startswith("<!doctype html>")


def test_report_refuses_bad_answers_and_a_bad_brand(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("answers: {developers: 0}\n")
    result = runner.invoke(app, ["report", str(bad), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1 and "answers.developers: 0 is out of range" in result.stderr
    brand = tmp_path / "brand.yaml"
    brand.write_text("accent: teal\n")
    result = runner.invoke(
        app,
        [
            "report",
            str(EXAMPLES / "solo-developer.yaml"),
            "-o",
            str(tmp_path / "x.pdf"),
            "--brand",
            str(brand),
        ],
    )
    assert result.exit_code == 1 and "accent: expected a colour" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def responses_csv(path: Path, extra_rows: list[dict[str, str]] | None = None) -> list[str]:
    """The examples as CSV rows, plus `extra_rows`; returns the header."""
    rows, columns = [], ["organization", "respondent", "role"]
    for example in sorted(EXAMPLES.glob("*.yaml"))[:2]:
        data = yaml.safe_load(example.read_text())
        row = {k: str(v) for k, v in data["meta"].items() if k in columns}
        for qid, value in data["answers"].items():
            if value is None:
                continue
            if qid not in columns:
                columns.append(qid)
            row[qid] = (
                ";".join(value)
                if isinstance(value, list)
                else (str(value).lower() if isinstance(value, bool) else str(value))
            )
        rows.append(row)
    rows += extra_rows or []
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns + ["shoe_size"])
        writer.writeheader()
        writer.writerows(rows)
    return columns


def test_batch_renders_good_rows_and_reports_bad_ones(tmp_path: Path) -> None:
    source = tmp_path / "responses.csv"
    bad = {
        "organization": '=HYPERLINK("http://x")',
        "respondent": "Mallory",
        "developers": "lots",
        "teams": "1",
        "regulated": "maybe",
    }
    responses_csv(source, [bad])
    out = tmp_path / "reports"
    result = runner.invoke(app, ["batch", str(source), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"{source}:1: shoe_size: not a question id or meta column; ignored" in lines
    assert (
        f"{source}:4: developers: expected a number between 1 and 100000, got 'lots'; row skipped"
    ) in lines
    assert (
        f"{source}:4: regulated: expected yes or no (true/false), got 'maybe'; row skipped" in lines
    )
    assert "wrote 2 reports and summary.csv" in result.stdout and "skipped 1 row" in result.stdout
    pdfs = sorted(p.name for p in out.glob("*.pdf"))
    assert len(pdfs) == 2 and all(p.startswith(("0002-", "0003-")) for p in pdfs)
    summary = list(csv.DictReader((out / "summary.csv").open()))
    assert [r["row"] for r in summary] == ["2", "3", "4"]
    assert [r["status"] for r in summary] == ["ok", "ok", "skipped"]
    assert summary[0]["stage"] and summary[0]["strategy"]
    assert summary[2]["error"].startswith("developers: expected a number")


def test_batch_neutralises_formulas_in_the_summary(tmp_path: Path) -> None:
    source = tmp_path / "responses.csv"
    responses_csv(source)
    text = source.read_text().splitlines()
    header, first = text[0], text[1]
    source.write_text("\n".join([header, "=1+1" + first[first.index(",") :], *text[2:]]) + "\n")
    out = tmp_path / "reports"
    result = runner.invoke(app, ["batch", str(source), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    summary = (out / "summary.csv").read_text()
    assert "'=1+1" in summary and "\n=1+1" not in summary and ",=1+1" not in summary


def test_batch_renders_in_parallel_processes(tmp_path: Path) -> None:
    source = tmp_path / "responses.csv"
    responses_csv(source)
    rows = source.read_text().splitlines()
    source.write_text("\n".join([rows[0], *(rows[1:] * 3)]) + "\n")  # six rows
    out = tmp_path / "reports"
    result = runner.invoke(app, ["batch", str(source), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.pdf"))) == 6


def test_batch_with_nothing_valid_fails(tmp_path: Path) -> None:
    source = tmp_path / "empty.csv"
    source.write_text("developers,teams\n")
    result = runner.invoke(app, ["batch", str(source), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1 and "no valid rows to render" in result.stderr
