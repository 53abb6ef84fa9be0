"""Police review models (jurisdiction, audit log, watchlist)."""
