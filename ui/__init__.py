"""Streamlit-side helpers shared by the pages: the workspace, the sidebar, the metric card.

Nothing here computes a number: it reads widgets, calls `csm`, caches, and renders.
"""
