"""The period report PDF: the notices' fonts, the district figure as Σ/Σ, read back as text."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from kpis.models import IndicatorReport, ReportState

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
PDFFONTS = shutil.which("pdffonts") or "/usr/bin/pdffonts"
pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def _fonts(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    return subprocess.run([PDFFONTS, str(path)], capture_output=True, check=True, text=True).stdout


def test_period_report_pdf_has_the_sum_over_sum_figure_in_the_notices_font(
    world, plan_world, chair, client_as, tmp_path
):
    for unit, numerator, denominator in ((world.ward_a, 191, 200), (world.ward_b, 9, 10)):
        IndicatorReport.objects.create(
            unit=unit,
            indicator=plan_world.ratio,
            period=plan_world.open,
            numerator=numerator,
            denominator=denominator,
            state=ReportState.ACCEPTED,
        )
    response = client_as(chair).get(reverse("kpi_period_pdf", args=[plan_world.open.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    text = _text(pdf, tmp_path)
    assert "BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU" in text
    assert plan_world.open.label in text
    # (191 + 9) / (200 + 10) = 95,2 %, not the mean of 95,5 % and 90 %.
    assert "95,2 %" in text
    assert "Phường An Bình" in text and "Phường Bình Minh" in text
    fonts = _fonts(pdf, tmp_path)
    assert "Liberation-Serif" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # all embedded
