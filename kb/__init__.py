"""distillation-kb: records, validation, graph, site and evidence tooling.

The layers, each a package that imports only from those before it:

records (pydantic types, vocabularies) <- yamlio (strict reading, round-trip editing) <-
loading (record files to records) <- validation (`check`, the one entry point) <-
graph / evidence / analysis / export / workflow <- reference / site <- cli (the only code
that prints). ``export`` (open-data formats and releases) sits below ``site``, which serves
them, and ``reference``, which commits the API's schemas.

``diagnostics``, ``fileio`` and ``gctools`` are shared by every layer; ``codes`` is the catalogue
of diagnostic codes the site documents.
"""

__version__ = "0.1.0"
