"""The pages' shared Streamlit parts (the frame, cached reads, controls, downloads, access): pages/ holds
only the pages that dashboard.py registers."""
