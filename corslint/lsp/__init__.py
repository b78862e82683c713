"""`corslint server`: the Language Server Protocol over stdio (the `lsp` extra: pygls and
lsprotocol). :mod:`corslint.lsp.project` holds the analysis of a project with the
editor's unsaved buffers (no protocol types); :mod:`corslint.lsp.server` speaks the
protocol."""
