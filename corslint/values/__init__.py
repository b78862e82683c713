"""Static values, for the extractors: resolve what can be resolved without running code; admit the rest.

A value is known (with the range that wrote it), known under a condition ("when ORIGINS
is unset"), or unknown. Unknown never produces a finding.
"""
