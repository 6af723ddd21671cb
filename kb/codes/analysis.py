"""Codes for KB5xx: transcript analysis (`kb evidence analyze`).

KB50x-KB51x: reading transcript files (JSONL). KB52x: a method refused or weakened by its
input. KB53x: attaching a report to a record.
"""

from __future__ import annotations

from kb.codes.code import Code

CODES: tuple[Code, ...] = (
    Code("KB501", "transcript file too large", "error",
         "Transcript files are capped (64 MiB by default, `--max-bytes`) so a mistaken or hostile "
         "file cannot exhaust memory. The file was not read.",
         "(a 2 GB export)", "Split the file, sample it, or raise `--max-bytes` deliberately."),
    Code("KB502", "transcript line is not JSON", "error",
         "Each line of a JSONL transcript must be one JSON object. The line could not be parsed.",
         '{"model": "x", "prompt": "hi", ', "Fix the JSON on that line (one object per line, no "
         "trailing commas, strings in double quotes)."),
    Code("KB503", "transcript line is not an object", "error",
         "A JSONL line holds JSON that is not an object (a list, string or number).",
         '["x", "hi", "hello"]',
         'Write one object per line: {"model": ..., "prompt": ..., "response": ...}.'),
    Code("KB504", "missing transcript field", "error",
         "Every exchange needs `model`, `prompt` and `response`.",
         '{"model": "x", "prompt": "hi"}', "Add the missing field."),
    Code("KB505", "wrong transcript field type", "error",
         "`model`, `prompt`, `response`, `prompt_id`, `lang`, `collected_at` and `system_prompt` "
         "must be strings (`prompt_id` may also be an integer).",
         '{"model": "x", "prompt": "hi", "response": 42}', "Quote the value as a JSON string."),
    Code("KB506", "empty response", "error",
         "The response is empty or only whitespace. An empty response usually means a failed "
         "capture (timeout, refusal by a proxy) and would distort every rate.",
         '{"model": "x", "prompt": "hi", "response": "  "}',
         "Drop the exchange or re-collect it; record failures outside the transcript."),
    Code("KB507", "duplicate prompt id", "error",
         "Two exchanges in one file share a `prompt_id`. The paired-prompt test matches responses "
         "across models by prompt id, so ids must be unique within a file.",
         '{"prompt_id": "p1", ...}\n{"prompt_id": "p1", ...}',
         "Give each exchange its own id (e.g. 'p1-run2' for a repeat)."),
    Code("KB508", "unknown transcript field", "warning",
         "The exchange has a field the analyser does not use, often a typo (`respone`). It is "
         "ignored.", '{"model": "x", "prompt": "hi", "respone": "hello"}',
         "Rename it to a known field (model, prompt, response, prompt_id, lang, collected_at, "
         "system_prompt) or drop it."),
    Code("KB509", "transcript not readable as UTF-8", "error",
         "The file could not be read, or is not UTF-8.", "(a UTF-16 export)",
         "Re-save the file as UTF-8 JSONL."),
    Code("KB510", "transcript holds no exchanges", "error",
         "The file has no non-blank lines.", "(an empty file)", "Pass a file with at least one exchange."),
    Code("KB511", "several models in one transcript", "warning",
         "The `model` field differs between lines of one file. Each file stands for one model "
         "(suspect, candidate or baseline); mixing models blurs every comparison.",
         '{"model": "a", ...}\n{"model": "b", ...}', "Split the file by model."),
    Code("KB512", "unknown language tag", "warning",
         "`lang` should be a BCP 47 tag such as `en` or `zh`. Unknown tags are kept, but only "
         "`en` and `zh` get a per-language self-identification breakdown.",
         '{"lang": "chinese", ...}', "Use `en`, `zh`, `zh-Hans` ..."),
    Code("KB521", "Delta refused: fewer than 3 references", "warning",
         "Burrows' Delta and Cosine Delta standardise each feature across the reference samples "
         "(candidates and baselines). With two references every z-score is +1 or -1 and the "
         "distances collapse to 0 or 2, so the ranking is meaningless; with one it is undefined. "
         "The report states the refusal instead of a number.",
         "--candidate teacher=t.jsonl --baseline other=b.jsonl",
         "Add unrelated baseline transcripts until there are at least 3 references (5+ is better)."),
    Code("KB522", "sample too small for stylometry", "warning",
         "A side has fewer than 1,500 words. Delta is reliable above about 1,500 words per text "
         "and stable only at 2,500-5,000 (Burrows 2002; Eder); below that results only narrow "
         "the candidates.", "(40 short answers)",
         "Collect more responses; 5,000 words per side is a good target."),
    Code("KB523", "paired test skipped", "warning",
         "The paired-prompt test needs the same prompt ids answered by the suspect, each candidate "
         "and at least one baseline (3+ recommended). Too few shared prompt ids were found.",
         "(prompt ids p1..p50 for the suspect, q1..q50 for the baseline)",
         "Send the same prompts, with the same `prompt_id`, to every model."),
    Code("KB524", "few baselines for the paired test", "warning",
         "With fewer than 3 baselines the permutation test has little resolution and one odd "
         "baseline can decide the result.", "--baseline b1=b1.jsonl",
         "Add unrelated baselines (Nikolic et al. use several)."),
    Code("KB531", "attach target not found", "error",
         "`--attach` names a record that does not exist or is not an incident, or `--claim` names "
         "a claim the incident does not have.", "--attach 2026-02-23-x --claim c-typo",
         "Use an existing incident id and one of its claim ids (shown in the message)."),
    Code("KB532", "attach would make the record invalid", "error",
         "The edited record did not validate, so nothing was written.",
         "(a --publisher with a bidirectional control character)",
         "Fix the reported field and run again."),
    Code("KB533", "URL already cites another report", "error",
         "An evidence item of the incident already has the `--url` given, for a different report "
         "(its note does not hold this report's SHA-256). A URL is a source's identity in the KB, "
         "so one URL cannot stand for two reports.",
         "--url https://example.org/report.json (reused after re-running with new transcripts)",
         "Publish the new report at a new URL (e.g. with a version or date in the path)."),
)
