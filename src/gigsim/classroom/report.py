"""The grader's outputs: ``grades.csv`` (one row per student x exercise) and a self-contained ``report.html``."""
from __future__ import annotations

import csv
import html
from collections import Counter
from pathlib import Path

from .results import STATUSES, Row

COLUMNS = ("student", "notebook", "exercise", "status", "message")
# symbol, label, background, text colour: every status has a symbol, so colour is never the only cue
STYLE = {
    "passed": ("✓", "passed", "#d7f0e0", "#0b4d27"),
    "failed": ("✗", "failed a check", "#fbe0d2", "#7a2600"),
    "error": ("!", "error in the code", "#fff0bf", "#5c4300"),
    "timeout": ("⏱", "timed out", "#e5dcf3", "#3d2266"),
    "not_reached": ("…", "not reached", "#ececec", "#3a3a3a"),
    "kernel_died": ("☠", "kernel died", "#f6d4dc", "#6e0f26"),
    "missing": ("–", "missing", "#ffffff", "#555555"),
    "unreadable": ("?", "unreadable file", "#dde7f5", "#133b6b"),
}

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem; color: #1d1d1d; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; font-size: 0.9rem; }
th, td { border: 1px solid #c8c8c8; padding: 0.25rem 0.45rem; }
th { background: #f3f3f3; font-weight: 600; }
.grid td.s { text-align: center; min-width: 2.2rem; font-weight: 700; }
.grid th.student, .grid td.student { text-align: left; position: sticky; left: 0; background: #fafafa; }
.grid tfoot td { background: #f7f7f7; text-align: center; font-size: 0.8rem; }
.bar { display: inline-block; height: 0.55rem; background: #0b7a3c; vertical-align: middle; }
.bar-bg { display: inline-block; width: 4rem; height: 0.55rem; background: #e2e2e2; margin-right: 0.3rem; }
.legend span { display: inline-block; margin: 0 0.8rem 0.3rem 0; padding: 0.1rem 0.45rem; border-radius: 3px; }
.meta { color: #444; font-size: 0.85rem; }
.scroll { overflow-x: auto; }
td.msg { max-width: 48rem; }
"""


def write_csv(rows: list[Row], path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for r in rows:
            writer.writerow([r.student, r.notebook, r.exercise, r.status, r.message])


def read_csv(path: Path) -> list[Row]:
    with open(path, newline="", encoding="utf-8") as f:
        return [Row(**{k: d[k] for k in COLUMNS}) for d in csv.DictReader(f)]


def _cell(status: str, message: str) -> str:
    symbol, label, bg, fg = STYLE[status]
    tip = label + (f": {message}" if message else "")
    return (f'<td class="s" style="background:{bg};color:{fg}" title="{html.escape(tip)}">'
            f'<span aria-label="{html.escape(label)}">{symbol}</span></td>')


def render_html(rows: list[Row], title: str = "Grades", settings: dict | None = None) -> str:
    """The report as one HTML page: inline CSS, no scripts, no external requests."""
    e = html.escape
    columns: list[tuple[str, str]] = []
    for r in rows:
        if (r.notebook, r.exercise) not in columns:
            columns.append((r.notebook, r.exercise))
    students = list(dict.fromkeys(r.student for r in rows))
    grid = {(r.student, r.notebook, r.exercise): r for r in rows}
    n = len(students)

    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f"<title>{e(title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>", f"<h1>{e(title)}</h1>"]
    passed_total = sum(r.status == "passed" for r in rows)
    out.append(f'<p class="meta">{n} students, {len(columns)} exercises, {passed_total} of {len(rows)} '
               f"exercise results passed.")
    if settings:
        out.append(" " + "; ".join(f"{e(k)}: {e(str(v))}" for k, v in settings.items()) + ".")
    out.append("</p>")
    out.append('<p class="legend">' + "".join(
        f'<span style="background:{bg};color:{fg}">{sym} {e(label)}</span>'
        for sym, label, bg, fg in STYLE.values()) + "</p>")
    out.append("<p class=\"meta\">Hover over a cell for the message; every message is also listed below.</p>")

    # the grid: students x exercises, grouped by notebook
    notebooks = list(dict.fromkeys(nb for nb, _ in columns))
    out.append('<div class="scroll"><table class="grid">')
    out.append('<thead><tr><th class="student" rowspan="2" scope="col">student</th>' + "".join(
        f'<th colspan="{sum(1 for nb2, _ in columns if nb2 == nb)}" scope="colgroup">{e(nb)}</th>'
        for nb in notebooks) + '<th rowspan="2" scope="col">passed</th></tr>')
    out.append("<tr>" + "".join(f'<th scope="col">{e(ex)}</th>' for _, ex in columns) + "</tr></thead><tbody>")
    for s in students:
        cells, ok = [], 0
        for nb, ex in columns:
            r = grid.get((s, nb, ex))
            if r is None:
                cells.append("<td></td>")
                continue
            ok += r.status == "passed"
            cells.append(_cell(r.status, r.message))
        out.append(f'<tr><th class="student" scope="row">{e(s)}</th>{"".join(cells)}'
                   f"<td>{ok}/{len(columns)}</td></tr>")
    out.append("</tbody><tfoot><tr><th class=\"student\" scope=\"row\">passed</th>")
    for nb, ex in columns:
        k = sum(1 for s in students if (r := grid.get((s, nb, ex))) is not None and r.status == "passed")
        share = k / n if n else 0.0
        out.append(f'<td><span class="bar-bg"><span class="bar" style="width:{share * 100:.0f}%"></span></span>'
                   f"<br>{k}/{n}</td>")
    out.append("<td></td></tr></tfoot></table></div>")

    # exercises, hardest first
    out.append("<h2>Exercises, hardest first</h2>")
    out.append('<table><thead><tr><th scope="col">exercise</th><th scope="col">notebook</th>'
               '<th scope="col">passed</th>' + "".join(
                   f'<th scope="col">{e(STYLE[st][1])}</th>' for st in STATUSES if st != "passed")
               + '<th scope="col">most common message</th></tr></thead><tbody>')
    stats = []
    for nb, ex in columns:
        rs = [r for r in rows if r.notebook == nb and r.exercise == ex]
        counts = Counter(r.status for r in rs)
        messages = Counter(r.message for r in rs if r.status != "passed" and r.message)
        stats.append((counts["passed"] / len(rs) if rs else 0.0, nb, ex, counts, messages, len(rs)))
    for share, nb, ex, counts, messages, total in sorted(stats, key=lambda t: (t[0], t[1], t[2])):
        common = messages.most_common(1)
        common_text = f"{common[0][0]} ({common[0][1]}×)" if common else ""
        out.append(f"<tr><td>{e(ex)}</td><td>{e(nb)}</td><td>{counts['passed']}/{total} ({share:.0%})</td>"
                   + "".join(f"<td>{counts[st] or ''}</td>" for st in STATUSES if st != "passed")
                   + f'<td class="msg">{e(common_text)}</td></tr>')
    out.append("</tbody></table>")

    # every message
    out.append("<h2>Messages</h2>")
    out.append('<table><thead><tr><th scope="col">student</th><th scope="col">exercise</th>'
               '<th scope="col">status</th><th scope="col">message</th></tr></thead><tbody>')
    for r in rows:
        if r.status == "passed":
            continue
        sym, label, bg, fg = STYLE[r.status]
        out.append(f"<tr><td>{e(r.student)}</td><td>{e(r.exercise)}</td>"
                   f'<td style="background:{bg};color:{fg}">{sym} {e(r.status)}</td>'
                   f'<td class="msg">{e(r.message)}</td></tr>')
    out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write_html(rows: list[Row], path: Path, title: str = "Grades", settings: dict | None = None) -> None:
    Path(path).write_text(render_html(rows, title, settings), encoding="utf-8")
