"""Customer value: every metric of the registry group `value`, as cards."""
from ui import cards, state

ctx = state.context()
cards.header(ctx, "value")
cards.group_page(ctx, "value")
