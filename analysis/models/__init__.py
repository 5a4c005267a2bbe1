"""Models learned from annotated text: an induced lexicon and a sentence-level bias classifier.

Owns the lexicon learned from annotators' marked words (``marked``: ``MarkedLexiconInducer``,
its tuning by grouped cross-validation), the sentence bias model as a scikit-learn ``Pipeline``
(``bias``: word and character TF-IDF and cross-fitted lexicon features into a logistic
regression) and its storage as JSON, never pickle, with provenance and a measured score
(``store``). Reads no dataset: ``analysis.evaluation`` trains and measures on BABE.
May import: ``analysis.scoring``, ``analysis.stats`` and everything below them.
"""
