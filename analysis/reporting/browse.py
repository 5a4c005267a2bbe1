"""Browse hits in JupyterLab: a filterable table of hits with each hit's sentence, the term
highlighted and the voice coloured (an ipywidgets view; the static reports keep their
script-free tables).

:func:`browse` builds the widget; :func:`browse_rows` (the filtering) and :func:`hits_html`
(the escaped table) are plain functions, usable and tested without a notebook.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

from ..figures.style import VOICE_COLORS
from ..tables import require_columns

__all__ = ["browse", "browse_rows", "hits_html"]

FILTERS = ("outlet", "term", "category", "voice")
FLAGS = ("negated", "hedged")
_ANY = "(any)"


def browse_rows(
    hits: pd.DataFrame,
    *,
    outlet: str | Sequence[str] | None = None,
    term: str | Sequence[str] | None = None,
    category: str | Sequence[str] | None = None,
    voice: str | Sequence[str] | None = None,
    negated: bool | None = None,
    hedged: bool | None = None,
    limit: int = 200,
) -> pd.DataFrame:
    """The hits that pass every filter given (None: any value; a list: any of its values), in
    document and offset order, at most ``limit`` of them; ``attrs["n_matching"]`` counts all."""
    require_columns(hits, ("doc_id", "start", "end", "matched", "sentence", "sentence_start",
                           *FILTERS, *FLAGS), "browse: hits")
    keep = pd.Series(True, index=hits.index)
    for column, wanted in (("outlet", outlet), ("term", term), ("category", category),
                           ("voice", voice)):
        if wanted is not None:
            values = [wanted] if isinstance(wanted, str) else list(wanted)
            keep &= hits[column].astype(str).isin(values)
    for column, wanted in (("negated", negated), ("hedged", hedged)):
        if wanted is not None:
            keep &= hits[column].astype(bool) == bool(wanted)
    rows = hits[keep].sort_values(["doc_id", "start"], kind="stable")
    out = rows.head(limit).reset_index(drop=True)
    out.attrs["n_matching"] = int(keep.sum())
    return out


def hits_html(rows: pd.DataFrame) -> str:
    """An HTML table of hits: outlet, term, voice (coloured), speaker, negated, hedged, and the
    sentence with the hit marked. Every string from the corpus is escaped."""
    head = "".join(f"<th>{h}</th>" for h in
                   ("outlet", "term", "voice", "speaker", "negated", "hedged", "sentence"))
    body = []
    for r in rows.itertuples(index=False):
        s0 = int(r.sentence_start)
        a, b = int(r.start) - s0, int(r.end) - s0
        sentence = str(r.sentence)
        if not (0 <= a <= b <= len(sentence)):  # a stored window that does not hold the hit
            a = b = 0
        marked = (html.escape(sentence[:a]) + "<mark>" + html.escape(sentence[a:b]) + "</mark>"
                  + html.escape(sentence[b:]))
        color = VOICE_COLORS.get(str(r.voice), "#333333")
        speaker = "" if pd.isna(r.speaker) else html.escape(str(r.speaker))
        body.append(
            f"<tr><td>{html.escape(str(r.outlet))}</td><td>{html.escape(str(r.term))}</td>"
            f'<td style="color:{color};font-weight:bold">{html.escape(str(r.voice))}</td>'
            f"<td>{speaker}</td><td>{'yes' if r.negated else ''}</td>"
            f"<td>{'yes' if r.hedged else ''}</td><td>{marked}</td></tr>"
        )
    return (f'<table class="framing-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def browse(hits: pd.DataFrame, corpus: pd.DataFrame | None = None, *, limit: int = 200):
    """A JupyterLab view of ``hits``: drop-downs for outlet, term, category and voice, check
    boxes for negated and hedged, and the matching hits (at most ``limit``) as a table with each
    hit's sentence, the term marked and the voice coloured. ``corpus``, when given, adds the
    document titles to the outlet filter's hits (``title`` column). Returns the widget."""
    import ipywidgets as widgets
    from IPython.display import HTML, display

    if corpus is not None and "title" in corpus and "title" not in hits:
        hits = hits.merge(corpus[["doc_id", "title"]], on="doc_id", how="left")
    pickers = {
        c: widgets.Dropdown(options=[_ANY, *sorted(set(hits[c].dropna().astype(str)))],
                            value=_ANY, description=c)
        for c in FILTERS
    }
    flags = {c: widgets.Dropdown(options=[_ANY, "yes", "no"], value=_ANY, description=c)
             for c in FLAGS}
    out = widgets.Output()
    count = widgets.HTML()

    def refresh(*_):
        chosen = {c: (None if w.value == _ANY else w.value) for c, w in pickers.items()}
        chosen.update({c: (None if w.value == _ANY else w.value == "yes")
                       for c, w in flags.items()})
        rows = browse_rows(hits, limit=limit, **chosen)
        count.value = (f"{rows.attrs['n_matching']:,} hits match; the first "
                       f"{len(rows):,} are shown")
        out.clear_output()
        with out:
            display(HTML(hits_html(rows)))

    for w in (*pickers.values(), *flags.values()):
        w.observe(refresh, names="value")
    refresh()
    return widgets.VBox([widgets.HBox(list(pickers.values())),
                         widgets.HBox(list(flags.values())), count, out])
