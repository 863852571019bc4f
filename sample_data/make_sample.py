"""Write the sample data: Brightwave Analytics (clean CSVs + workbook), the messy Acme export, and the templates.

    python sample_data/make_sample.py            # rewrites everything under sample_data/

The generator itself is the package sample_data/sample_maker/, one module per concept (see its __init__); this
script is its entry point, kept at this path because the README, tests/test_sample_data.py and habit run it here.

Deterministic: every random draw comes from NumPy generators seeded with fixed numbers, every date is fixed,
so the CSVs and JSON files are byte-identical on every run. The workbooks are written with fixed document
properties and zip timestamps, so they are stable too (for the same openpyxl and zlib).

Brightwave Analytics is fictional: a B2B SaaS selling Starter $49, Growth $149 and Scale $499 a month (annual
plans = 10 × the monthly price, billed yearly), 2023-01-01 to 2025-12-31. The story the numbers tell:

- launch in January 2023 with a batch of beta customers, then steadily growing sign-ups;
- logo churn of about 2–4 % a month, higher on Starter, lower on Scale and on annual plans;
- a product outage in July 2024: a spike of tickets, service credits, an NPS dip and a churn bump in Aug–Oct 2024;
- in 2025 a bigger CS team and a new onboarding program: faster onboarding, better FCR, lower churn;
- the "Forecasting" feature launched on 2024-09-01 (feature adoption grows from zero);
- one CSM's book (Tom Okafor) churns noticeably more than the others' (churn by owner).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # the repository root: for csm and for sample_data.sample_maker
    sys.path.insert(0, str(HERE.parent))

from sample_data.sample_maker.brightwave import brightwave  # noqa: E402
from sample_data.sample_maker.messy import acme  # noqa: E402
from sample_data.sample_maker.templates import templates  # noqa: E402


def main(out_dir: Path | None = None) -> dict:
    out_dir = Path(out_dir) if out_dir is not None else HERE
    f = brightwave(out_dir)
    acme(out_dir)
    templates(out_dir)
    return f


if __name__ == "__main__":
    summary = main()
    for m in summary["months"]:
        print(m["month"], m["customers_start"], m["new"], m["reactivated"], m["churned"], m["customers_end"],
              m["churn_rate_start"], m["mrr_end"])
    print(json.dumps(summary["nps_by_quarter"]))
    print(json.dumps(summary["rows"]))
