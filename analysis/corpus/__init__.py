"""Files to the corpus table: readers, boilerplate removal, origin attribution, near-duplicates.

Owns the corpus schema (``schema``), input discovery (``files``), per-format readers
(``readers``, ``html``) feeding one record collector (``records``), the page clean-up steps
(``boilerplate``, ``origin``, ``dedup``) and the pipeline that runs them (``pipeline``).
May import: ``analysis.text``, ``analysis.config``.
"""
