"""The fidelity matrix: corslint's verdicts checked against the real middleware served on
loopback and a real headless Chromium (see docs/fidelity.md)."""
