"""Cross-city alignment: pair features, the model learned on the gold standard, its evaluation."""
