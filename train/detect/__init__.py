"""The sentence classifier of the detector: corpus, generator, training, comparison."""
