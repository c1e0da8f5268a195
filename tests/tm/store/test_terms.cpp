// Store::term_variants: inflection-aware grouping and word-aligned renderings.
