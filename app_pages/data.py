"""Data: upload files (or open the sample company), check the mapping, read the data report."""
import logging

import streamlit as st

from csm.errors import CsmError
from csm.exports.inert import to_csv_bytes
from csm.mapping import Mapping
from csm.schema import KINDS
from csm.settings import Settings
from csm.views import data_report
from ui import mapper, state, tables
from ui.lazy import opened
from ui.safe import md
from ui.uploads import files_list, read_uploads, release
from ui.uploads import uploader_key as uploads_key

ws = state.workspace()
st.title("Your data")
st.caption(f"Now showing: **{md(ws.label)}** · {len(ws.files)} file{'s' if len(ws.files) != 1 else ''}")

up, sample = st.columns([3, 1], vertical_alignment="center")
with up:
    uploads = st.file_uploader(
        "Upload CSV or Excel files (every sheet of a workbook is read)", type=["csv", "txt", "tsv", "xlsx", "xlsm", "xlsb", "xls", "ods"],
        accept_multiple_files=True, key=uploads_key(),
        help="Customers, subscriptions, invoices, surveys, tickets, usage… one table per file or sheet. "
             + ("The sample company is replaced by your files." if ws.sample else
                "New files are added to this workspace's; one of the same name replaces the file here."))
with sample:
    if st.button("Use the sample company", icon=":material/storefront:", disabled=ws.sample, width="stretch"):
        state.open_sample()
        st.rerun()

if uploads:
    new = read_uploads([(f.name, f.getvalue()) for f in uploads], into=ws)
    release(uploads)  # read: the workspace holds the bytes now
    if new is not None:
        state.open_workspace(new)
        st.rerun()

files_list(ws)

for reason in ws.unread:  # files of the last upload that could not be read; the others are in use
    st.error(md(reason) + " — the other files are used without it.", icon=":material/block:")

if ws.read_log:
    n = len(ws.files)
    with st.expander(f"Read {n} file{'s' if n != 1 else ''}: {len(ws.read_log)} table{'s' if len(ws.read_log) != 1 else ''}", icon=":material/check_circle:"):
        st.markdown("\n".join(f"- {md(line)}" for line in ws.read_log))

with st.expander("Templates: empty files with the right columns", icon=":material/download:"):
    cols = st.columns(3)
    for n, (kind, k) in enumerate(KINDS.items()):
        path = state.ROOT / "sample_data" / "templates" / f"{kind}.csv"
        data = path.read_bytes() if path.exists() else data_report.template_csv(kind)
        cols[n % 3].download_button(f"{k.label} ({kind}.csv)", data, f"{kind}.csv", "text/csv", key=f"tpl-{kind}",
                                    help=k.powers, width="stretch")

st.header("Mapping")
st.caption("What each table is and which column holds each field. * marks required fields.")
try:
    with st.spinner("Reading the tables' columns and dates…"):  # shown after half a second: a large upload's first draw
        mapper.editor(ws)
except CsmError as e:
    st.error(md(e))

st.header("Data report")
try:
    ds = state.dataset(ws)
except CsmError as e:
    st.error(md(e))
except Exception:  # a mapping csm did not foresee: say so, keep the editor above usable to change it back
    logging.getLogger(__name__).exception("the data could not be loaded with this mapping")
    st.error("The data could not be read with this mapping (an unexpected error; it is logged). Change the mapping "
             "above, or load the files again.")
else:
    st.markdown(ds.report.summary() + (f" · currency {md(ds.currency)}" if ds.currency else ""))
    tables.table(data_report.report_frame(ds.report))
    for note in ds.report.notes:
        st.caption(md(note))

    def feeds() -> None:
        ctx = st.session_state.get(state.CONTEXT)  # the sidebar's settings (its churn event), else the defaults
        a = ctx.analysis if ctx is not None else state.workbench(ws).analysis(Settings())
        tables.table(data_report.uses_frame(ds, a))

    opened("What each table feeds, and the columns that fed nothing", "data-feeds", feeds)
    rejects = ds.report.rejects
    if len(rejects):
        rows = ds.report.rows_rejected  # a row with two unusable cells is listed twice, once per reason
        st.subheader(f"Rows not used ({rows:,} row{'s' if rows != 1 else ''}"
                     + (f", {len(rejects):,} reasons)" if len(rejects) != rows else ")"))
        tables.table(rejects)
        st.download_button("Download the rejected rows (CSV)", to_csv_bytes(rejects), "rejected_rows.csv",
                           "text/csv", key="dl-rejects", icon=":material/download:")
    else:
        st.success("Every row was used.")

st.header("Save or load the mapping")
save, load = st.columns(2)
with save:
    current = state.guessed_mapping(ws)
    st.download_button("Download mapping.json", current.dumps().encode(), "mapping.json", "application/json",
                       key="dl-mapping", icon=":material/download:")
with load:
    mfile = st.file_uploader("Load a saved mapping", type=["json"], key="mapping_upload")
    if mfile is not None and st.session_state.get("mapping_read") != (mfile.name, mfile.size, ws.digest):
        st.session_state["mapping_read"] = (mfile.name, mfile.size, ws.digest)
        try:
            loaded = Mapping.loads(mfile.getvalue())
        except CsmError as e:
            st.error(md(e))
        else:
            state.open_workspace(ws.with_mapping(loaded))
            st.rerun()
