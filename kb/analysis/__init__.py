"""Behavioural evidence from transcripts (`kb evidence analyze`).

- `transcripts`: reading and validating JSONL transcripts (KB50x-KB51x diagnostics);
- `selfid`: first-person self-identification as another vendor's model, EN and ZH;
- `stylometry`: Burrows' / Cosine Delta on function words and character n-grams, compression
  distance, bootstrap support, descriptive formatting rates;
- `paired`: the paired-prompt provenance test (permutation p-values, Holm-Bonferroni);
- `report`: running everything into a deterministic JSON report and its Markdown;
- `attach`: adding a report to an incident as a `transcript-analysis` evidence item;
- `stats`: Wilson intervals, Fisher's exact test, Holm, percentiles (pure Python).

Every result is circumstantial; the wording is "consistent with", never "proves".
"""
