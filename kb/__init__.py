"""distillation-kb: records, validation, graph, site and evidence tooling.

The layers, each a package that imports only from those before it:

records (pydantic types, vocabularies) <- yamlio (strict reading, round-trip editing) <-
loading (record files to records) <- validation (`check`, the one entry point) <-
graph / evidence / analysis / site / workflow / reference <- cli (the only code that prints).

``diagnostics``, ``fileio`` and ``gctools`` are shared by every layer; ``codes`` is the catalogue
of diagnostic codes the site documents.
"""

__version__ = "0.1.0"
