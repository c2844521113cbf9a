"""Finding and reading reviews: the public listing, search, the list's query string and the feed."""
