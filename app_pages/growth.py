"""Growth & adoption: every metric of the registry group `growth`, as cards."""
from ui import cards, state

ctx = state.context()
cards.header(ctx, "growth")
cards.group_page(ctx, "growth")
