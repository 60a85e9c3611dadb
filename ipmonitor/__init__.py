"""IP Monitor 2030's domain, without Streamlit: pages (ui/, pages/) and the command line (etl/) build on it.

Shared ground here (paths, translations, numbers, units, directions, styles, file formats, chart images),
and one folder a subject, each leaning only on those below it:
store/ the database and what it keeps · register/ what each plan asks and assigns · progress/ how the
targets stand · tracker/ the tasks, yearly reports and reviews · changes/ what a batch changes ·
documents/ what a meeting is handed. tests/unit/test_house_layout.py holds that shape.
"""
