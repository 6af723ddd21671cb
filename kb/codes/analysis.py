"""Codes for KB5xx: transcript analysis and the detection methods (`kb evidence analyze`,
`watermark`, `radioactivity`, `shared-errors`, `fingerprint`).

KB50x-KB51x: reading JSONL inputs (transcripts, texts, probes, answers). KB52x: a transcript
method refused or weakened by its input. KB53x: attaching a report to a record. KB54x:
watermark keys, tokenizers and scored texts. KB55x: shared errors. KB56x: weight checkpoints.
"""

from __future__ import annotations

from kb.codes.code import Code

CODES: tuple[Code, ...] = (
    Code("KB501", "input file too large", "error",
         "Transcript and other JSONL input files are capped (64 MiB by default, `--max-bytes`) so a "
         "mistaken or hostile file cannot exhaust memory. The file was not read.",
         "(a 2 GB export)", "Split the file, sample it, or raise `--max-bytes` deliberately."),
    Code("KB502", "JSONL line is not JSON", "error",
         "Each line of a JSONL transcript (or texts, probes, answers file) must be one JSON object. "
         "The line could not be parsed.",
         '{"model": "x", "prompt": "hi", ', "Fix the JSON on that line (one object per line, no "
         "trailing commas, strings in double quotes)."),
    Code("KB503", "JSONL line is not an object", "error",
         "A JSONL line holds JSON that is not an object (a list, string or number).",
         '["x", "hi", "hello"]',
         'Write one object per line: {"model": ..., "prompt": ..., "response": ...}.'),
    Code("KB504", "missing field", "error",
         "Every exchange needs `model`, `prompt` and `response`; a text needs `id` and `text`; a probe "
         "`id` and `answer` (the reference); an answer `id` and `answer`.",
         '{"model": "x", "prompt": "hi"}', "Add the missing field."),
    Code("KB505", "wrong field type", "error",
         "`model`, `prompt`, `response`, `prompt_id`, `lang`, `collected_at` and `system_prompt` "
         "must be strings (`prompt_id` may also be an integer); in other JSONL inputs `id` is a "
         "string or an integer, a probe's `answer` a string or a list of strings, other fields strings.",
         '{"model": "x", "prompt": "hi", "response": 42}', "Quote the value as a JSON string."),
    Code("KB506", "empty response", "error",
         "The response (or a text, or a reference answer) is empty or only whitespace. An empty "
         "response usually means a failed capture (timeout, refusal by a proxy) and would distort "
         "every rate.",
         '{"model": "x", "prompt": "hi", "response": "  "}',
         "Drop the exchange or re-collect it; record failures outside the transcript."),
    Code("KB507", "duplicate prompt id", "error",
         "Two exchanges in one file share a `prompt_id` (or two lines of another JSONL input share an "
         "`id`). The paired-prompt test matches responses "
         "across models by prompt id, so ids must be unique within a file.",
         '{"prompt_id": "p1", ...}\n{"prompt_id": "p1", ...}',
         "Give each exchange its own id (e.g. 'p1-run2' for a repeat)."),
    Code("KB508", "unknown field", "warning",
         "The exchange has a field the analyser does not use, often a typo (`respone`). It is "
         "ignored.", '{"model": "x", "prompt": "hi", "respone": "hello"}',
         "Rename it to a known field (model, prompt, response, prompt_id, lang, collected_at, "
         "system_prompt) or drop it."),
    Code("KB509", "input not readable as UTF-8", "error",
         "The file could not be read, or is not UTF-8.", "(a UTF-16 export)",
         "Re-save the file as UTF-8 JSONL."),
    Code("KB510", "input holds no lines", "error",
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
    Code("KB541", "text too short to score", "warning",
         "With context width h, a text needs at least h + 1 tokens to score one (context, token) pair. "
         "Shorter texts add nothing to the test.", '{"id": "t7", "text": "Yes."}',
         "Drop the text, or check that the tokenizer is the one the scheme was defined with."),
    Code("KB542", "corpus too small for a watermark test", "error",
         "After de-duplication the corpus has fewer than 25 distinct (context, token) pairs; no test "
         "on so few pairs can give a usable p-value.", "(an empty or one-line corpus of a few words)",
         "Supply more, or longer, texts from the model."),
    Code("KB543", "watermark key file invalid", "error",
         "The key file is not the JSON object the detector reads: `scheme` "
         "('kb-green-hmac-sha256-v1'), `key` (hex, at least 16 bytes), `gamma` (0 < gamma < 1), "
         "`context_width` (1-8), `tokenizer` ('kb-words-v1' or 'tokenizer.json'); optional "
         "`tokenizer_sha256`, `delta`, `owner`.",
         '{"scheme": "kb-green-hmac-sha256-v1", "key": "abc", "gamma": 1.5}',
         "Fix the field named in the message; the key's owner has the original file."),
    Code("KB544", "tokenizer file unusable", "error",
         "The `--tokenizer` file could not be loaded by the `tokenizers` package, or its SHA-256 is not "
         "the one the key file names. Scoring with another tokenizer than the generator's makes the "
         "test meaningless.", "--tokenizer vocab.txt",
         "Pass the model's `tokenizer.json` (the file the key was made with)."),
    Code("KB547", "few control models", "warning",
         "The radioactivity test is reported next to control models that never trained on the "
         "teacher's output; with fewer than 3 a miscalibrated test (overlap with prompts, a wrong "
         "tokenizer) is hard to notice.", "--control other=other.jsonl",
         "Add outputs of more unrelated models, collected with the same prompts."),
    Code("KB551", "answer id not in the probe set", "error",
         "An answers file has an `id` the probe set does not have, so the answer cannot be checked "
         "against a reference.", '{"id": "q0O1", "answer": "Paris"}',
         "Use the probe set's ids (a near match is suggested)."),
    Code("KB552", "probes without an answer", "warning",
         "Some probes have no answer from a model; they are left out of that model's counts.",
         "(answers for q001-q250 of 300 probes)",
         "Collect the missing answers or accept the smaller sample."),
    Code("KB553", "shared-errors test not run", "warning",
         "The teacher is wrong on fewer than 10 probes, or neither the suspect nor the baselines are "
         "ever wrong where the teacher is, so there are no errors to share.",
         "(an easy probe set the teacher gets 99% right)",
         "Use harder probes (questions the teacher is known to get wrong)."),
    Code("KB554", "few baselines for shared errors", "warning",
         "With fewer than 3 baseline models the chance rate of shared errors rests on one or two "
         "models' quirks.", "--baseline b1=b1.jsonl", "Add answers from more unrelated models."),
    Code("KB561", "checkpoint unreadable", "error",
         "The file is not a safetensors checkpoint the reader can open, a folder holds none, or a "
         "selected tensor has a dtype numpy cannot read (e.g. BF16).", "(a .bin pickle renamed)",
         "Pass .safetensors files (or a folder of shards), in float16/float32/float64."),
    Code("KB562", "checkpoint layer names differ", "error",
         "The checkpoints do not have the same selected tensors, so layers cannot be paired. The "
         "fingerprint compares models of one architecture.",
         "(a 32-layer suspect against a 28-layer reference)",
         "Compare checkpoints of one architecture, or narrow `--tensors`."),
    Code("KB563", "checkpoint tensor shapes differ", "error",
         "A selected tensor has different shapes in two checkpoints.",
         "(q_proj 4096x4096 against 5120x5120)", "Compare checkpoints of one architecture."),
    Code("KB564", "NaN or infinite weights", "error",
         "A selected tensor holds NaN or infinite values; statistics of it mean nothing.",
         "(a diverged or corrupt checkpoint)", "Check the download (SHA-256) or exclude the tensor."),
    Code("KB565", "no tensor selected", "error",
         "No tensor name matches the `--tensors` pattern (default: attention q/k/v/o projection "
         "weights).", "--tensors 'attn\\.c_attn'", "Pass a pattern that matches the checkpoint's names."),
    Code("KB566", "reference set too small", "warning",
         "The fingerprint's p-value is a rank among pairs of unrelated models; with few references "
         "the smallest reachable p, after Holm, is not below alpha, so no result can be significant.",
         "--reference r1.safetensors --reference r2.safetensors",
         "Add reference checkpoints of unrelated models of the same architecture (8 or more)."),
)
