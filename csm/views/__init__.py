"""The frames behind the app's views, one module per concept. Pure pandas over an `Analysis` or a `Dataset`: the app
only renders what these return, so everything a page shows can be checked without Streamlit.

    period_choice   the period shown by default and the one it is compared with
    metric_table    the table behind one metric: over the periods, or by group in one period
    mrr_movements   MRR movements per period and the customers behind each movement
    data_report     the Data page's report: tables read, date columns that read two ways, empty templates
    mapping_editor  the mapping editor's choices of columns for one table
    surveys         survey responses with their NPS group, the scores given, the shares per period
    health_bands    customers per health band per period, and the backtest's churn per band

Call sites import the module that names the concept: `from csm.views import surveys`.
"""
