"""csm: customer-success metrics from the spreadsheets a business already has.

Pure computation over pandas/NumPy; no user interface here (the app and the command line sit on top).
"""
__version__ = "0.1.0"
