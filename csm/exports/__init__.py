"""Exports: what leaves the app or the command line as a file a person opens elsewhere.

- `inert`: OWASP's CSV-injection rule, applied to every text cell of every CSV (and its test in the workbook);
- `names`: the file name of every download (what, period, granularity);
- `workbook`: the Excel report (cover, one sheet per metric group, formulas, churn variants, MRR movements,
  cohorts, native charts), built from the same `report_object` as `python -m csm report --format json`; its other
  tables in `workbook_tables`, its typed, never-running cells in `xlsx_writer`;
- `images`: any chart as PNG (2× for slides) or SVG, rendered offline by vl-convert, titled with its period and
  definition;
- `summary_pdf`: the Overview on one A4 or Letter page (its font, DejaVu Sans, in `fonts/`);
- `view`: what an export shows beyond the analysis (whose data, which period against which, when, whether
  customer-level rows may leave) and the settings in force as every export lists them.

Nothing here imports Streamlit: the app and the command line call the same functions.
"""
