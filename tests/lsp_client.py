"""A small Language Server Protocol client for the tests: it starts `corslint server`
as a process and talks JSON-RPC over its stdin/stdout, as an editor does."""
from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional


def uri(path) -> str:
    return Path(path).resolve().as_uri()


class LspClient:
    def __init__(self, cwd, env: Optional[dict] = None) -> None:
        environment = dict(os.environ)
        environment.update(env or {})
        self.process = subprocess.Popen([sys.executable, "-m", "corslint", "server"], cwd=cwd,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        env=environment)
        self.next_id = 0
        self.responses: Dict[int, "queue.Queue"] = {}
        self.notifications: "queue.Queue" = queue.Queue()
        self.server_requests: List[dict] = []
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.versions: Dict[str, int] = {}
        self.texts: Dict[str, str] = {}

    # -- the wire -------------------------------------------------------------------------
    def _send(self, message: dict) -> None:
        body = json.dumps(message).encode("utf-8")
        with self.lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.decode("ascii").strip()
                if not line:
                    break
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            message = json.loads(body)
            if "id" in message and "method" in message:  # a request from the server
                self.server_requests.append(message)
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            elif "id" in message:
                self.responses.setdefault(message["id"], queue.Queue()).put(message)
            else:
                self.notifications.put(message)

    def request(self, method: str, params, timeout: float = 60) -> object:
        self.next_id += 1
        number = self.next_id
        self.responses.setdefault(number, queue.Queue())
        self._send({"jsonrpc": "2.0", "id": number, "method": method, "params": params})
        message = self.responses[number].get(timeout=timeout)
        assert "error" not in message, message
        return message["result"]

    def notify(self, method: str, params) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_for(self, predicate: Callable[[dict], bool], timeout: float = 60) -> dict:
        """The next notification that satisfies `predicate` (others are dropped)."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no matching notification from the server")
            message = self.notifications.get(timeout=remaining)
            if predicate(message):
                return message

    def diagnostics_for(self, path, timeout: float = 60) -> List[dict]:
        target = uri(path)
        message = self.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                and m["params"]["uri"] == target, timeout)
        return message["params"]["diagnostics"]

    # -- an editor's moves -------------------------------------------------------------
    def initialize(self, root) -> dict:
        result = self.request("initialize", {
            "processId": os.getpid(), "rootUri": uri(root),
            "workspaceFolders": [{"uri": uri(root), "name": Path(root).name}],
            "capabilities": {
                "textDocument": {"publishDiagnostics": {"relatedInformation": True, "codeDescriptionSupport": True},
                                 "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {
                                     "valueSet": ["quickfix", "source", "source.fixAll"]}}},
                                 "hover": {"contentFormat": ["markdown", "plaintext"]},
                                 "synchronization": {"didSave": True}},
                "workspace": {"applyEdit": True, "workspaceFolders": True,
                              "didChangeWatchedFiles": {"dynamicRegistration": True}},
            }})
        self.notify("initialized", {})
        return result

    def open(self, path) -> None:
        text = Path(path).read_text(encoding="utf-8")
        self.versions[uri(path)] = 1
        self.texts[uri(path)] = text
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri(path), "languageId": "python",
                                                              "version": 1, "text": text}})

    def change(self, path, text: str) -> None:
        """Replace the buffer's text (unsaved)."""
        key = uri(path)
        self.versions[key] += 1
        self.texts[key] = text
        self.notify("textDocument/didChange", {"textDocument": {"uri": key, "version": self.versions[key]},
                                               "contentChanges": [{"text": text}]})

    def save(self, path) -> None:
        key = uri(path)
        Path(path).write_text(self.texts[key], encoding="utf-8")
        self.notify("textDocument/didSave", {"textDocument": {"uri": key}})

    def apply(self, edit: dict) -> None:
        """Apply a WorkspaceEdit to the buffers and tell the server, as an editor does."""
        for key, edits in edit["changes"].items():
            text = self.texts[key]
            lines = text.splitlines(True)

            def offset(position):
                line = position["line"]
                return sum(len(l) for l in lines[:line]) + _utf16_to_chars(
                    lines[line] if line < len(lines) else "", position["character"])

            for item in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]),
                               reverse=True):
                start, end = offset(item["range"]["start"]), offset(item["range"]["end"])
                text = text[:start] + item["newText"] + text[end:]
            self.change(Path(key[len("file://"):]), text)

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=20)
            self.notify("exit", None)
            self.process.wait(timeout=20)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
                stream.close()


def _utf16_to_chars(line: str, units: int) -> int:
    count = 0
    for index, char in enumerate(line):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(line)
