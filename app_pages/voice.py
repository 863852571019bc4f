"""Customer voice: NPS, CSAT and CES cards, their distributions over time, and the comments by group."""
import streamlit as st

from csm import charts
from csm.exports.inert import to_csv_bytes
from csm.exports.names import file_name
from csm.views import surveys
from ui import cards, downloads, sharing, state, tables

ctx = state.context()
a = ctx.analysis
cards.header(ctx, "voice")
metrics, responses = st.tabs(["Metrics", "Responses and comments"], key="voice_tab",
                             on_change="rerun", bind="query-params")

if metrics.open:
    with metrics:
        cards.group_page(ctx, "voice")

if responses.open:
    with responses:
        kinds = surveys.answered_types(a)
        if not kinds:
            st.info("Needs a surveys table with date and score (and a survey type: nps, csat or ces).")
        else:
            kind = st.segmented_control("Survey", kinds, default=kinds[0], required=True, format_func=str.upper,
                                        key="voice_survey", persist_state="session")
            shares = surveys.score_shares(a, kind)
            colors = charts.NPS_COLORS if kind == "nps" else None
            title = "Promoters, passives and detractors (% of responses)" if kind == "nps" else "Scores (% of responses)"
            downloads.page_chart(ctx, f"voice_{kind}_shares", "shares_chart", shares, title, colors, ctx.granularity,
                                 definition="NPS: detractors 0–6, passives 7–8, promoters 9–10" if kind == "nps"
                                 else f"{kind.upper()} responses by score")
            period_rows = surveys.survey_responses(a, kind, ctx.i)
            st.subheader(f"{kind.upper()} responses in {ctx.period}")
            if period_rows.empty:
                st.caption("No responses in this period.")
            else:
                distribution = surveys.score_distribution(period_rows)
                downloads.page_chart(ctx, f"voice_{kind}_scores", "distribution_chart", distribution,
                                     f"{kind.upper()} scores given in {ctx.period}", period=ctx.period)
                rows = period_rows
                if kind == "nps":
                    groups = st.pills("Show", list(surveys.NPS_GROUPS), selection_mode="multi",
                                      default=list(surveys.NPS_GROUPS), key="voice_groups", persist_state="session")
                    rows = rows[rows["group"].isin(groups or surveys.NPS_GROUPS)]
                only_comments = st.toggle("Only responses with a comment", value=True, key="voice_comments",
                                          persist_state="session")
                if only_comments:
                    rows = rows[rows["comment"].fillna("").astype(str).str.strip() != ""]
                st.caption(f"{len(rows)} of {len(period_rows)} responses.")
                if not sharing.rows_allowed():
                    sharing.rows_withheld()
                else:
                    tables.table(rows, {"score": "score"}, column_config={"date": st.column_config.DateColumn("date")})
                    st.download_button("Download CSV", to_csv_bytes(rows),
                                       file_name(f"voice_{kind}_responses", ctx.period, ctx.granularity, "csv"),
                                       "text/csv", key="dl-voice")
