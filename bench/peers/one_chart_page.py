"""The benchmarks' peer for a control's change: one selectbox and one static Plotly chart, nothing else
(bench/bench_control_change.py times a change of its selectbox against the dashboard's)."""
import plotly.graph_objects as go
import streamlit as st

choice = st.selectbox("Indicator", [f"Indicator {number}" for number in range(1, 20)], key="peer_choice")
figure = go.Figure(go.Scatter(x=list(range(2015, 2026)), y=[100 + 7 * year for year in range(11)], name="Actual"))
st.plotly_chart(figure, key="peer_chart")
