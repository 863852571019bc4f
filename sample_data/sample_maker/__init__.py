"""The sample-data generator behind sample_data/make_sample.py, one module per concept.

- determinism, dates: the fixed seed and stamps, and month arithmetic on fixed dates;
- words, story: the word lists, and Brightwave's people, features and events (the outage, the Forecasting launch);
- simulation: the company simulation (customers, trials, subscriptions and their changes, onboarding), shared by
  Brightwave and Acme;
- billing, usage, tickets, surveys, commercial: Brightwave's tables, one concept each;
- facts: what the simulation knows month by month, the independent check for the metrics engine;
- text_files, workbooks: deterministic CSV/JSON and .xlsx writing;
- brightwave, messy, templates: the three things make_sample.py writes (brightwave*, messy/, templates/).

It imports csm (the schema), so the repository root must be on sys.path; make_sample.py sees to that.
"""
