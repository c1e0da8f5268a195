// search and match through the binary: phrase ranking, true counts, the query's language.
