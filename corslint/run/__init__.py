"""The run machinery: what turns a list of files into a run's findings.

``engine`` orchestrates a run (discovery's inputs, the byte prefilter, the result cache,
the per-file pass, fact collection, project-level rules, selection and ``# noqa``);
``analyser`` analyses one file (parse, extract, per-policy rules, fixes); ``workers``
spreads the per-file pass over processes, each with its own analyser; ``cache`` replays
results of unchanged files; ``gate`` skips parsing where it cannot matter; ``collectors``
gather the project-wide facts rules declare they need; ``fastpath`` answers the
clean-files case before any of this is imported.
"""
