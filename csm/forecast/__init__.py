"""Forecasts: what would be, from what was — each model a small module, each result a frozen record carrying its
formula, its parameters and the worked numbers, like every metric.

- `projection` — the scenario planner's recurrence: customers, MRR, ARR and revenue over the next N periods from
  the recent rates (averaged over K periods), and a scenario overriding any of them.
- `compare` — two periods side by side for every metric: both values, the change, and which way is better.
- `sbg` — the shifted-beta-geometric retention model (Fader & Hardie 2007), fitted to the logo cohorts.
- `bgnbd` — BG/NBD (Fader, Hardie & Lee 2005): future purchases and P(alive) of each customer.
- `gamma_gamma` — the Gamma-Gamma model of spend per transaction (Fader & Hardie 2013).
- `customer_value` — BG/NBD and Gamma-Gamma together: each customer's expected value over a horizon.

Time is always passed in (a calibration end, a period); nothing here reads the clock.
"""
