"""Evidence integrity: capture sources as WARC, keep a custody log, verify, check links, score.

Layout on disk (all under ``evidence/`` in the knowledge base)::

    evidence/manifest.yaml                     append-only custody log (one entry per capture)
    evidence/captures/<aa>/<sha256>.warc.gz    evidentiary copies, addressed by content hash

The modules never print or exit; the CLI (:mod:`kb.cli.evidence_cmd`) renders their results.
"""
