"""Per-module machinery: parse one module with libcst when it is safe to (``safety``,
``parse``), index its names and imports (``scopes``), and hold every module the run has
parsed, loading imported modules on demand (``project``)."""
