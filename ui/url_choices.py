"""Choices kept in the page's address: a selectbox, slider, number or toggle whose value lives in the
URL as a code (?param=code), so that a copied link reopens the same view in either language; and that
link itself."""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st


def link_to_this_view(url_path: str) -> str:
    """This page's address with its query (every choice the URL keeps), as a link that reopens the view:
    the address the reader's browser uses (st.context.url); in a run without a browser (AppTest), the
    path under server.baseUrlPath, relative to wherever the dashboard is served. IP Monitor has no
    configured public address of its own."""
    base = st.get_option("server.baseUrlPath").strip("/")
    address = st.context.url or ("/" + (f"{base}/" if base else "") + url_path)
    query = urlencode(st.query_params.to_dict())
    return address + (f"?{query}" if query else "")


def url_choice(widget, label: str, options: list, param: str, default, *, key: str, **kwargs) -> object:
    """A selectbox or radio whose choice lives in the URL as a code (?param=code), so that a copied
    link reopens the same view in either language. (Streamlit's own query-param binding writes the
    displayed label, which changes with the language.) The URL gives only the starting value."""
    codes = [str(option) for option in options]
    wanted = st.query_params.get(param)
    index = codes.index(wanted) if wanted in codes else options.index(default)
    value = widget(label, options, index=index, key=key, **kwargs)
    st.query_params[param] = str(value)
    return value


def url_number(widget, label: str, low: int, high: int, param: str, default: int, *, key: str, **kwargs) -> int:
    """A slider over whole numbers (years) kept in the URL."""
    try:
        start = min(max(int(st.query_params.get(param, default)), low), high)
    except ValueError:
        start = default
    value = widget(label, low, high, start, key=key, **kwargs)
    st.query_params[param] = str(value)
    return value


def url_float(widget, label: str, low: float, high: float, param: str, default: float, *, key: str,
              **kwargs) -> float:
    """A number input over decimals (a growth in percent, a yearly count) kept in the URL as written
    (?growth=3.05), within [low, high]; anything else in the URL gives the default."""
    try:
        start = float(st.query_params.get(param, default))
    except ValueError:
        start = default
    start = default if start != start else min(max(start, low), high)  # start != start: NaN
    value = widget(label, min_value=float(low), max_value=float(high), value=float(start), key=key, **kwargs)
    st.query_params[param] = f"{value:.12g}"
    return value


def url_hundredths(widget, label: str, low: float, high: float, step: int, param: str, default: float, *,
                   key: str, format_func) -> float:
    """A select slider over decimals, every `step` hundredths from `low` to `high` (a growth of 3.05% a
    year), each shown the reader's way by format_func ("3,05%" in Vietnamese: a number input can only
    write "3.05", a thousands sign there), kept in the URL as written (?growth=3.05); a value between
    steps goes to the nearest, anything else in the URL gives the default."""
    options = list(range(round(low * 100), round(high * 100) + 1, step))
    try:
        wanted = round(float(st.query_params.get(param, default)) * 100)
    except (ValueError, OverflowError):  # not a number, NaN, infinity
        wanted = round(default * 100)
    start = min(options, key=lambda option: abs(option - wanted))
    value = widget(label, options, value=start, key=key, format_func=lambda option: format_func(option / 100))
    st.query_params[param] = f"{value / 100:g}"
    return value / 100


def url_flag(widget, label: str, param: str, default: bool, *, key: str, **kwargs) -> bool:
    """A toggle kept in the URL as 1 or 0."""
    wanted = st.query_params.get(param)
    value = widget(label, default if wanted not in ("0", "1") else wanted == "1", key=key, **kwargs)
    st.query_params[param] = "1" if value else "0"
    return value
