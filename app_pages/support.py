"""Support & onboarding: every metric of the registry group `support`, as cards."""
from ui import cards, state

ctx = state.context()
cards.header(ctx, "support")
cards.group_page(ctx, "support")
