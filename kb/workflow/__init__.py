"""The contributor's workflow over record files: `kb new` (`scaffold`), `kb fmt` (`fmt`),
`kb mv` and `kb withdraw` (`rename`), and `--changed` scoping (`changed`).

Every command here writes through :mod:`kb.fileio` (atomic) and the round-trip editor in
:mod:`kb.yamlio`, so comments and unknown keys survive.
"""
