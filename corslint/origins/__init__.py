"""Origins and origin patterns, for the rules. Parse and classify origins, and decide which
origins a policy lets in by running them through the framework's own matching rules."""
