"""The Streamlit app: thin pages that read widgets, call the core and show results.

Only this package imports streamlit; `streamlit_app.py` calls `assessment.ui.app.main`.
"""
