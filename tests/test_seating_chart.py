"""座次图: names in the hall grid are printed whole, however narrow the seats."""
from __future__ import annotations

from conftest import needs_pdftotext, needs_soffice

from huiwu_xl.documents.render import docx_to_pdf, pdf_text
from huiwu_xl.documents.seating_chart import Chart, ChartSeat, category_colors, render_seating_chart


@needs_soffice
@needs_pdftotext
def test_long_names_in_narrow_hall_seats_are_not_cut(tmp_path):
    colors = category_colors(["常委领导", "行政单位"])
    podium = [[ChartSeat("余桂", "旗委书记", "常委领导"), ChartSeat("乌日娜", "旗长", "常委领导")]]
    long_name = ChartSeat("阿力木·买买提", "旗发展和改革委员会主任", "行政单位")
    hall = [[long_name if s in (7, 8) else None for s in range(16)] for _ in range(2)] + [[None] * 16 for _ in range(18)]
    chart = render_seating_chart(Chart("测试座次图", podium, hall, colors, [], 2), tmp_path)
    text = pdf_text(docx_to_pdf(chart, tmp_path))  # -layout: one text line per table row
    rows = [line.split() for line in text.splitlines() if line.startswith("第1排") or line.startswith("第2排")]
    assert rows == [["第1排", "阿力木·买买提", "阿力木·买买提"], ["第2排", "阿力木·买买提", "阿力木·买买提"]]  # whole, one line
    assert "旗长" in text  # the podium keeps the post under the name
