"""Stage 1 of the pipeline: find the files, decode them, and skip the ones that cannot matter."""
