// terms through the binary: language from evidence, inflection groups, renderings, glossaries.
