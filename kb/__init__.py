"""distillation-kb: records, validation, graph, site and evidence tooling."""

__version__ = "0.1.0"
