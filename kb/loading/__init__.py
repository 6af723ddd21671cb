"""Find, read and type-check record files (layer 2 of the chain records → YAML → loading →
validation → graph/evidence/site → cli).

- `discover`: which files are record files (one rule for every command);
- `documents`: one file to a `Document` (record or diagnostics), many to a `KnowledgeBase`;
- `record_errors`: pydantic errors mapped to KB diagnostics with positions and fixes;
- `salvage`: what can be read of a record that fails type-checking (for validation only);
- `parallel`: the same per-file step on both cores (`load_kb`).
"""

from kb.loading.discover import EXTENSION, discover, is_record_file, resolve_paths, scan
from kb.loading.documents import Document, KnowledgeBase, build_record, load, load_file
from kb.loading.parallel import load_kb

__all__ = ["EXTENSION", "Document", "KnowledgeBase", "build_record", "discover", "is_record_file",
           "load", "load_file", "load_kb", "resolve_paths", "scan"]
