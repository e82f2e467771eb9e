"""The class report as one self-contained HTML page: no network, charts as inline SVG.

What a teacher needs to act: how the scores are spread, and per task the share of the class
that passed it, hardest first, so the next lesson can target it. Every name that comes from a
student repository is HTML-escaped.
"""

from __future__ import annotations

from html import escape

from kata.catalog import Catalog
from kata.regrade import RepoReport, score_bins, task_shares

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;
max-width:62rem;padding:0 1rem;color:#1d232b}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem}
.muted{color:#5c6773}table{border-collapse:collapse;width:100%}
td,th{padding:.3rem .5rem;border-bottom:1px solid #e3e7eb;text-align:left;vertical-align:top}
th{font-weight:600;background:#f5f7f9}.num{text-align:right;font-variant-numeric:tabular-nums}
.flag{color:#a4330f}.ok{color:#1e7b34}.bad{color:#b3261e}svg text{font:12px system-ui,sans-serif}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #e3e7eb;border-radius:8px;
padding:.6rem 1rem;min-width:9rem}.card b{display:block;font-size:1.4rem}
"""


def _histogram(bins: list[int]) -> str:
    width, height, pad = 600, 220, 30
    top = max(bins) or 1
    bar = (width - 2 * pad) / len(bins)
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
        'aria-label="Distribution of total scores">'
    ]
    for index, count in enumerate(bins):
        h = (height - 2 * pad) * count / top
        x = pad + index * bar
        y = height - pad - h
        span = f"{index * 10}–{index * 10 + 9}%" if index < len(bins) - 1 else "90–100%"
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{bar - 4:.1f}" height="{h:.1f}" '
            f'fill="#3b6fb6" rx="2"><title>{span}: {count} students</title></rect>'
        )
        if count:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{count}</text>'
            )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - pad + 15}" text-anchor="middle" '
            f'fill="#5c6773" font-size="10">{span}</text>'
        )
    parts.append(
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        'stroke="#9aa5b1"/></svg>'
    )
    return "".join(parts)


def _task_bars(catalog: Catalog, reports: list[RepoReport]) -> str:
    shares = task_shares(catalog, reports)
    row_height, width, room = 40, 760, 660
    height = row_height * len(shares) + 10
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
        'aria-label="Share of the class that passed each task">'
    ]
    for index, share in enumerate(shares):
        y = 5 + index * row_height
        length = room * share.share
        colour = "#b3261e" if share.share < 0.5 else "#d08a00" if share.share < 0.8 else "#1e7b34"
        label = f"{share.kata.slug} · task {share.task}: {share.title}"
        shown = label if len(label) <= 95 else label[:94] + "…"
        parts.append(
            f'<text x="0" y="{y + 12}"><title>{escape(label)}</title>{escape(shown)}</text>'
            f'<rect x="0" y="{y + 17}" width="{room}" height="14" fill="#eef1f4" rx="2"/>'
            f'<rect x="0" y="{y + 17}" width="{length:.1f}" height="14" fill="{colour}" rx="2"/>'
            f'<text x="{room + 8}" y="{y + 29}">{share.share:.0%} '
            f"({share.passed}/{share.graded})</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def class_report(catalog: Catalog, reports: list[RepoReport], title: str) -> str:
    graded = [r for r in reports if not r.error]
    flagged = [r for r in reports if r.flags]
    average = (
        sum(r.score / r.max_score for r in graded if r.max_score) / len(graded) if graded else 0.0
    )
    rows = []
    for report in sorted(reports, key=lambda r: r.name.lower()):
        if report.error:
            rows.append(
                f'<tr><td>{escape(report.name)}</td><td class="num">–</td>'
                f'<td class="bad">{escape(report.error)}</td></tr>'
            )
            continue
        flags = escape("; ".join(report.flags))
        rows.append(
            f"<tr><td>{escape(report.name)}</td>"
            f'<td class="num">{report.score:g}/{report.max_score}</td>'
            f'<td class="flag">{flags}</td></tr>'
        )
    hardest = task_shares(catalog, reports)[:3]
    focus = "".join(
        f"<li><b>{escape(s.kata.title)}</b>, task {s.task}: {escape(s.title)} "
        f"({s.share:.0%} passed)</li>"
        for s in hardest
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title><style>{STYLE}</style></head><body>
<h1>{escape(title)}</h1>
<p class="muted">Re-graded offline with the course's own graders.</p>
<div class="cards">
<div class="card"><b>{len(reports)}</b>repositories</div>
<div class="card"><b>{len(graded)}</b>graded</div>
<div class="card"><b>{average:.0%}</b>average score</div>
<div class="card"><b>{len(flagged)}</b>flagged</div>
</div>
<h2>Where to focus next</h2><ol>{focus}</ol>
<h2>Score distribution</h2>{_histogram(score_bins(reports))}
<h2>Share of the class that passed each task (hardest first)</h2>{_task_bars(catalog, reports)}
<h2>Students</h2>
<table><tr><th>repository</th><th class="num">points</th><th>flags / problems</th></tr>
{"".join(rows)}</table>
</body></html>
"""
