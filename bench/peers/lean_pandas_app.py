"""A lean pandas peer of the Trajectories page (issue 18): what the same figures cost in Streamlit written
the plain way, as a yardstick for the dashboard's rerun time and memory (bench/bench_pages.py).

It reads the figures (year, ip_type, measure, territory, value) from a Parquet file once per process
(st.cache_resource), the text columns straight into categories (read_dictionary: read as Python strings
first, the 2.4 million rows would peak near 600 MB), builds its choices once (an indicator is a measure
of one IP type; every territory of the file), and on each run picks the chosen series with a mask over
the category codes (about 2 ms at national scale, and no index to hold in memory) and draws one Plotly
line chart of it. No database, no plans, no assessment: the floor of "pick a series, see its line".

The Parquet file: $LEAN_PEER_PARQUET, or the first argument (`streamlit run lean_pandas_app.py -- FILE`).
"""
import os
import sys

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

PARQUET = os.environ.get("LEAN_PEER_PARQUET") or (sys.argv[1] if len(sys.argv) > 1 else None)
TEXT_COLUMNS = ["measure", "ip_type", "territory"]


@st.cache_resource(show_spinner=False)
def load_figures(path: str) -> tuple[pd.DataFrame, list[tuple[str, str]], list[str]]:
    """The figures and the choices, once per process."""
    figures = pd.read_parquet(path, columns=["year", *TEXT_COLUMNS, "value"], read_dictionary=TEXT_COLUMNS)
    pairs = figures[["measure", "ip_type"]].drop_duplicates()
    indicators = sorted(zip(pairs["measure"].astype(str), pairs["ip_type"].astype(str)))
    territories = sorted(figures["territory"].cat.categories)
    return figures, indicators, territories


def chosen_series(figures: pd.DataFrame, measure: str, ip_type: str, territory: str) -> pd.DataFrame:
    """One series, by year. A function, so that the 2.4-million-row mask is freed when it returns: the
    script's globals live on after a rerun until Python's cycle collector runs (the functions defined here
    refer to them), and a mask kept there grew the process by about 1 MB a rerun, to 650 MB."""
    chosen = (figures["measure"] == measure) & (figures["ip_type"] == ip_type) & (figures["territory"] == territory)
    return figures[chosen].sort_values("year")


if PARQUET is None:
    st.error("Set LEAN_PEER_PARQUET, or pass the Parquet file after `--`.")
    st.stop()
figures, indicators, territories = load_figures(PARQUET)

st.title("Trajectories (lean pandas peer)")
indicator_col, territory_col = st.columns(2)
measure, ip_type = indicator_col.selectbox("Indicator", indicators, format_func=lambda pair: " · ".join(pair))
territory = territory_col.selectbox("Territory", territories)

series = chosen_series(figures, measure, ip_type, territory)
figure = go.Figure(go.Scatter(x=series["year"], y=series["value"], mode="lines+markers", name=territory))
figure.update_layout(xaxis_title="Year", yaxis_title=measure, margin={"t": 30})
st.plotly_chart(figure)
