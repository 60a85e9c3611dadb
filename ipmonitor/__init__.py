"""IP Monitor 2030 domain package: reference data, numbers, translations, database access, exports.

Nothing here imports Streamlit; pages and the command line both build on it.
"""
