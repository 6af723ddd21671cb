"""YAML reading (fast, strict, line-aware) and editing (round-trip, comment-preserving).

The only place in kb that imports PyYAML or ruamel.yaml.
"""
