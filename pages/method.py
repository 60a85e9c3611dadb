"""Method (Phương pháp): how progress is judged, with the formulas and thresholds, the readings of
each target, where the dashboard departs from Open SDG's method, and the register of targets with the
sentences they come from."""
import streamlit as st

from ipmonitor.i18n import t
from ipmonitor.register.register_store import load_target_register_from
from ipmonitor.progress.tables import build_plans_table, build_register_table, build_thresholds_table
from ui.cached_reads import read
from ui.language import current_language

# Where this project departs from Open SDG's method, one item each (method_page.departure_<key>).
DEPARTURES = ("methods", "conditions", "bands", "linear", "period", "growth_achieved", "strong_growth",
              "untargeted", "baseline", "zero", "equal_base", "territory", "aggregation")

lang = current_language()
register = read(load_target_register_from)
st.title(t("method_page.title", lang))
st.markdown(t("method_page.intro", lang))

st.subheader(t("method_page.growth_title", lang))
st.latex(r"g = \left(\frac{x_{t}}{x_{0}}\right)^{1/(t - t_0)} - 1")
st.markdown(t("method_page.growth_body", lang))

st.subheader(t("method_page.statuses_title", lang))
# Each \qquad ends in a space: "\qquadP" would be an unknown command and show a LaTeX error.
# The subscripts are words, so they are translated ("thực tế", "cần"); the rest is notation.
actual, required = t("method_page.formula_actual", lang), t("method_page.formula_required", lang)
st.latex(r"R = d\,\frac{g_{\text{" + actual + r"}}}{\lvert g_{\text{" + required + r"}} \rvert} \qquad "
         r"P = \frac{\hat{x}_{T} - x_{t}}{x^{*}_{T} - x_{t}} \qquad "
         r"S = \frac{x^{*}_{T} - \tilde{x}_{T}}{x^{*}_{T} - x_{t}}")
st.markdown(t("method_page.statuses_body", lang))
st.dataframe(build_thresholds_table(lang), hide_index=True, width="stretch")

st.subheader(t("method_page.projection_title", lang))
st.latex(r"\ln x_{y} = a + b\,(y - \bar{y}) + \varepsilon, \qquad"
         r"\hat{x}_{T} \cdot \exp\!\left(\pm\, t_{n-2}\, s \sqrt{1 + \tfrac{1}{n} + \tfrac{(T-\bar{y})^2}{S_{yy}}}\right)")
st.markdown(t("method_page.projection_body", lang))

st.subheader(t("method_page.territory_title", lang))
st.markdown(t("method_page.territory_body", lang))

st.subheader(t("method_page.readings_title", lang))
st.markdown(t("method_page.readings_body", lang))

st.subheader(t("method_page.linear_title", lang))
st.latex(r"x^{*}_{y} = x_{0} + (y - t_0)\,\frac{x^{*}_{T} - x_{0}}{T - t_0} \qquad "
         r"R = d\,\frac{(x_{t} - x_{0}) / (t - t_0)}{\lvert x^{*}_{T} - x_{0} \rvert / (T - t_0)}")
st.markdown(t("method_page.linear_body", lang))

st.subheader(t("method_page.departures_title", lang))
st.markdown(t("method_page.departures_intro", lang))
st.markdown("\n".join(f"- {t(f'method_page.departure_{key}', lang)}" for key in DEPARTURES))

st.subheader(t("method_page.plans_title", lang))
st.dataframe(build_plans_table(register, lang), hide_index=True, width="stretch")

st.subheader(t("method_page.register_title", lang))
st.caption(t("method_page.register_help", lang))
st.dataframe(build_register_table(register, lang), hide_index=True, width="stretch")
