"""The language server: diagnostics, code actions and hover over stdio, with pygls.

Diagnostics are published on open, on every change (the unsaved buffer, not the file on
disk) and on save, for every file of the project whose findings changed: an edit in
``settings.py`` updates the findings its values cause in ``main.py``. Code actions
offer each fix of a finding (unsafe ones labelled), "fix all safe fixes in this file"
(``source.fixAll.corslint``) and "add ``# noqa: CODE``"; hover on a finding shows its
rule's page. Settings come from the project's configuration and are rebuilt when it
changes (an invalid configuration publishes nothing and says why, once).
"""
from __future__ import annotations

import os
from typing import Dict, List, Optional, Set

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from corslint import __version__
from corslint.lsp.project import Project, project_root_for

SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}
FIX_ALL_KIND = "source.fixAll.corslint"
CONFIG_NAMES = (".corslint.toml", "corslint.toml", "pyproject.toml")


class CorslintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("corslint", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.projects: Dict[str, Project] = {}
        self.published: Dict[str, Set[str]] = {}  # project root -> uris with diagnostics
        self.reported_config_error: Dict[str, str] = {}
        # uri -> ((text, finding keys), diagnostics): conversions reused while unchanged
        self.converted: Dict[str, tuple] = {}

    # -- projects ---------------------------------------------------------------------
    def workspace_roots(self) -> List[str]:
        roots = [to_fs_path(folder.uri) for folder in self.workspace.folders.values()]
        if not roots and self.workspace.root_path:
            roots = [self.workspace.root_path]
        return [os.path.abspath(r) for r in roots if r]

    def project_for(self, path: str) -> Project:
        root = project_root_for(path, self.workspace_roots())
        project = self.projects.get(root)
        if project is None:
            project = self.projects[root] = Project(root)
        return project

    def lines_of(self, project: Project, abspath: str) -> List[str]:
        text = project.text_of(abspath)
        return text.splitlines() if text is not None else []

    # -- diagnostics ------------------------------------------------------------------
    def refresh(self, project: Project) -> None:
        analysis = project.analyse()
        if analysis.config_error:
            if self.reported_config_error.get(project.root) != analysis.config_error:
                self.reported_config_error[project.root] = analysis.config_error
                self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error,
                                                                 message=f"corslint: {analysis.config_error}"))
            self._clear(project)
            return
        self.reported_config_error.pop(project.root, None)
        open_uris = {from_fs_path(abspath) for abspath in project.buffers}
        for message in analysis.errors:
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Warning,
                                                           message=f"corslint: {message}"))
        now: Set[str] = set()
        for abspath, findings in analysis.findings.items():
            uri = from_fs_path(abspath)
            now.add(uri)
            text = project.text_of(abspath)
            signature = (text, tuple(_finding_key(f) for f in findings))
            kept = self.converted.get(uri)
            if kept is not None and kept[0] == signature:
                if uri in open_uris:
                    self.publish(uri, kept[1])
                continue  # the same findings in the same text: nothing new to say
            lines = text.splitlines() if text is not None else []
            diagnostics = [self.diagnostic(f, lines) for f in findings]
            self.converted[uri] = (signature, diagnostics)
            self.publish(uri, diagnostics)
        for uri in self.published.get(project.root, set()) - now:
            self.converted.pop(uri, None)
            self.publish(uri, [])
        # Open documents are published on every run (with their version, so the client
        # knows the diagnostics belong to what it holds); other files only on a change.
        for uri in open_uris - now:
            self.publish(uri, [])
        self.published[project.root] = now

    def _clear(self, project: Project) -> None:
        for uri in self.published.pop(project.root, set()):
            self.publish(uri, [])

    def publish(self, uri: str, diagnostics: List[types.Diagnostic]) -> None:
        document = self.workspace.text_documents.get(uri)
        version = document.version if document is not None else None
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics,
                                                                              version=version))

    def position(self, lines: List[str], line: int, column: int) -> types.Position:
        """A 1-based line and 0-based code-point column as the client counts them (UTF-16
        code units unless the client chose another position encoding)."""
        line, column = max(line - 1, 0), max(column, 0)
        text = lines[line] if line < len(lines) else ""
        prefix = text[:column]
        if not prefix.isascii():
            encoding = self.workspace.position_codec.encoding
            if encoding == types.PositionEncodingKind.Utf8:
                column = len(prefix.encode("utf-8", "surrogatepass"))
            elif encoding != types.PositionEncodingKind.Utf32:
                column = len(prefix.encode("utf-16-le", "surrogatepass")) // 2
        return types.Position(line=line, character=column)

    def span_range(self, lines: List[str], span) -> types.Range:
        return types.Range(start=self.position(lines, span.start_line, span.start_col),
                           end=self.position(lines, span.end_line, span.end_col))

    def diagnostic(self, finding, lines: List[str]) -> types.Diagnostic:
        related = []
        project_cache: Dict[str, List[str]] = {}
        for span in finding.related:
            abspath = os.path.abspath(span.path)
            span_lines = lines if abspath == os.path.abspath(finding.path) else project_cache.setdefault(
                abspath, self.lines_of(self.project_for(abspath), abspath))
            related.append(types.DiagnosticRelatedInformation(
                location=types.Location(uri=from_fs_path(abspath), range=self.span_range(span_lines, span)),
                message=f"related: {span.path}:{span.start_line}"
                if abspath != os.path.abspath(finding.path) else "related location"))
        for judged in finding.inherited_by:
            abspath = os.path.abspath(judged)
            related.append(types.DiagnosticRelatedInformation(
                location=types.Location(uri=from_fs_path(abspath), range=types.Range(
                    start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))),
                message=f"judged in {judged}, which inherits this value"))
        fix = finding.fix
        return types.Diagnostic(
            range=self.span_range(lines, finding.span),
            message=finding.message,
            severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
            code=finding.code,
            code_description=types.CodeDescription(href=finding.url),
            source="corslint",
            related_information=related or None,
            data={"name": finding.name, "fix": fix.applicability if fix is not None and fix.edits else None},
        )

    # -- code actions -----------------------------------------------------------------
    def findings_at(self, project: Project, abspath: str, wanted: types.Range) -> list:
        lines = self.lines_of(project, abspath)
        out = []
        for finding in project.last.findings.get(abspath, []):
            found = self.span_range(lines, finding.span)
            if _overlaps(found, wanted):
                out.append(finding)
        return out

    def workspace_edit(self, project: Project, edits) -> types.WorkspaceEdit:
        changes: Dict[str, List[types.TextEdit]] = {}
        for edit in edits:
            abspath = os.path.abspath(edit.path)
            lines = self.lines_of(project, abspath)
            text_range = types.Range(start=self.position(lines, edit.start_line, edit.start_col),
                                     end=self.position(lines, edit.end_line, edit.end_col))
            changes.setdefault(from_fs_path(abspath), []).append(types.TextEdit(range=text_range,
                                                                                new_text=edit.content))
        return types.WorkspaceEdit(changes=changes)

    def code_actions(self, params: types.CodeActionParams) -> List[types.CodeAction]:
        from corslint.fixes.noqa_comments import NOT_SUPPRESSIBLE, noqa_edits

        abspath = os.path.abspath(to_fs_path(params.text_document.uri))
        project = self.project_for(abspath)
        only = params.context.only
        actions: List[types.CodeAction] = []
        wants_quickfix = not only or any(k.startswith(types.CodeActionKind.QuickFix) for k in only)
        if wants_quickfix:
            for finding in self.findings_at(project, abspath, params.range):
                diagnostic = self.diagnostic(finding, self.lines_of(project, abspath))
                fix = finding.fix
                if fix is not None and fix.edits:
                    unsafe = fix.applicability != "safe"
                    title = f"{fix.message} ({finding.code})" + (" [unsafe fix: may change behaviour]" if unsafe
                                                                   else "")
                    actions.append(types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix,
                                                    diagnostics=[diagnostic], is_preferred=not unsafe,
                                                    edit=self.workspace_edit(project, fix.edits)))
                if finding.code not in NOT_SUPPRESSIBLE:
                    text = project.text_of(abspath) or ""
                    edits = noqa_edits(finding.path, text, [finding])
                    if edits:
                        actions.append(types.CodeAction(title=f"Add `# noqa: {finding.code}`",
                                                        kind=types.CodeActionKind.QuickFix,
                                                        diagnostics=[diagnostic],
                                                        edit=self.workspace_edit(project, edits)))
        wants_fix_all = not only or any(FIX_ALL_KIND.startswith(k) for k in only)
        has_safe = any(f.fix is not None and f.fix.edits and f.fix.applicability == "safe"
                       for f in project.last.findings.get(abspath, []))
        if wants_fix_all and has_safe and abspath in project.buffers:
            fixed = project.fix_all(abspath)
            if fixed is not None:
                lines = project.buffers[abspath].splitlines(True)
                end = types.Position(line=len(lines), character=0)
                edit = types.WorkspaceEdit(changes={params.text_document.uri: [types.TextEdit(
                    range=types.Range(start=types.Position(line=0, character=0), end=end), new_text=fixed)]})
                actions.append(types.CodeAction(title="corslint: fix all safe fixes in this file",
                                                kind=FIX_ALL_KIND, edit=edit))
        return actions

    # -- hover --------------------------------------------------------------------------
    def hover(self, params: types.HoverParams) -> Optional[types.Hover]:
        from corslint.rules import all_rules

        abspath = os.path.abspath(to_fs_path(params.text_document.uri))
        project = self.project_for(abspath)
        point = types.Range(start=params.position, end=params.position)
        findings = self.findings_at(project, abspath, point)
        if not findings:
            return None
        rules = all_rules()
        pages = []
        for code in dict.fromkeys(f.code for f in findings):
            rule = rules.get(code)
            if rule is not None:
                pages.append(rule.documentation() + f"\n[{code} on the web]({rule.url()})\n")
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                        value="\n---\n\n".join(pages)))


def _finding_key(finding) -> tuple:
    fix = finding.fix
    return (finding.code, finding.span.key(), finding.message, finding.severity,
            tuple(span.key() for span in finding.related), finding.inherited_by,
            (fix.applicability, fix.message, fix.edits) if fix is not None else None)


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def before(p: types.Position, q: types.Position) -> bool:
        return (p.line, p.character) < (q.line, q.character)

    # Inclusive at both ends, so a cursor at the end of a range still hits it.
    return not (before(a.end, b.start) or before(b.end, a.start))


def create_server() -> CorslintServer:
    server = CorslintServer()

    @server.feature(types.INITIALIZED)
    def initialized(ls: CorslintServer, params) -> None:
        roots = ls.workspace_roots()
        if roots:
            try:
                os.chdir(roots[0])  # paths in messages relative to the workspace, as on the command line
            except OSError:
                pass
        # Configuration files and Python files created or deleted: ask the client to tell us.
        try:
            ls.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
                id="corslint-watch", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=[
                    types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in (*CONFIG_NAMES, "*.py")]))]))
        except Exception:  # a client without dynamic registration: settings are still re-read per run
            pass

    def sync(ls: CorslintServer, uri: str, closed: bool = False) -> None:
        abspath = os.path.abspath(to_fs_path(uri))
        project = ls.project_for(abspath)
        if closed:
            project.buffers.pop(abspath, None)
        else:
            project.buffers[abspath] = ls.workspace.get_text_document(uri).source
        ls.refresh(project)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: CorslintServer, params: types.DidOpenTextDocumentParams) -> None:
        sync(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: CorslintServer, params: types.DidChangeTextDocumentParams) -> None:
        sync(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: CorslintServer, params: types.DidSaveTextDocumentParams) -> None:
        sync(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CorslintServer, params: types.DidCloseTextDocumentParams) -> None:
        sync(ls, params.text_document.uri, closed=True)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: CorslintServer, params: types.DidChangeWatchedFilesParams) -> None:
        # A configuration file or a module changed on disk (a branch switch, a save by
        # another tool): every project checks again; created or deleted files are listed
        # again. A project's settings are rebuilt when its configuration file changed.
        created_or_deleted = any(change.type != types.FileChangeType.Changed for change in params.changes)
        for project in list(ls.projects.values()):
            if created_or_deleted:
                project.forget_files()
            ls.refresh(project)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND], resolve_provider=False))
    def code_action(ls: CorslintServer, params: types.CodeActionParams):
        return ls.code_actions(params)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: CorslintServer, params: types.HoverParams):
        return ls.hover(params)

    return server


def main() -> int:
    create_server().start_io()
    return 0
