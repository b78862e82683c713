"""Baselines: accept today's findings, fail only on new ones.

`corslint check --write-baseline FILE` records every current finding; `--baseline FILE`
(or the `baseline` key) hides the findings recorded there. A finding is matched by its
file, its rule and a fingerprint of the code it points at (the text of the lines it
spans, whitespace-normalised), never by its line number, so it survives lines moved
above it. Each entry matches at most one finding (two identical findings need two
entries). Entries that match nothing any more are *stale*: the finding was fixed, or its
code changed; they are listed so the baseline can be rewritten.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

FORMAT = 1


class BaselineError(Exception):
    """The baseline file cannot be read or is not a corslint baseline (exit 2)."""


@dataclass(frozen=True)
class Entry:
    file: str  # relative to the baseline's folder, with forward slashes
    code: str
    fingerprint: str
    line: int = 0  # where it was when written: for people reading the file and stale lists
    message: str = ""


def fingerprint(code: str, lines: List[str], start_line: int, end_line: int) -> str:
    """The rule plus the whitespace-normalised text of the lines a finding spans."""
    chunk = lines[start_line - 1:end_line] if lines else []
    normal = "\n".join(" ".join(line.split()) for line in chunk)
    return hashlib.sha256(f"{code}\0{normal}".encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _relative(path: str, folder: str) -> str:
    try:
        rel = os.path.relpath(os.path.abspath(path), folder)
    except ValueError:
        rel = os.path.abspath(path)
    return rel.replace(os.sep, "/")


def entries_for(findings, sources: Dict[str, str], baseline_path: str) -> List[Entry]:
    folder = os.path.dirname(os.path.abspath(baseline_path))
    split: Dict[str, List[str]] = {}
    out = []
    for finding in findings:
        if finding.path not in split:
            split[finding.path] = (sources.get(finding.path) or _read_text(finding.path)).splitlines()
        span = finding.span
        out.append(Entry(_relative(finding.path, folder), finding.code,
                         fingerprint(finding.code, split[finding.path], span.start_line, max(span.end_line,
                                                                                         span.start_line)),
                         span.start_line, finding.message))
    return out


def write_baseline(path: str, findings, sources: Dict[str, str]) -> int:
    from corslint.fixes.write import write_atomically

    entries = entries_for(findings, sources, path)
    document = {"corslint-baseline": FORMAT,
                "findings": [{"file": e.file, "code": e.code, "fingerprint": e.fingerprint, "line": e.line,
                              "message": e.message} for e in entries]}
    data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    try:
        write_atomically(path, data) if os.path.exists(path) else _write_new(path, data)
    except OSError as exc:
        raise BaselineError(f"cannot write the baseline {path}: {exc.strerror or exc}") from None
    return len(entries)


def _write_new(path: str, data: bytes) -> None:
    with open(path, "xb") as fh:
        fh.write(data)


def read_baseline(path: str) -> List[Entry]:
    try:
        with open(path, "rb") as fh:
            document = json.loads(fh.read().decode("utf-8"))
    except OSError as exc:
        raise BaselineError(f"cannot read the baseline {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise BaselineError(f"{path} is not a corslint baseline (not JSON: {exc})") from None
    if not isinstance(document, dict) or document.get("corslint-baseline") != FORMAT or \
            not isinstance(document.get("findings"), list):
        raise BaselineError(f"{path} is not a corslint baseline (write one with --write-baseline)")
    entries = []
    for item in document["findings"]:
        try:
            entries.append(Entry(str(item["file"]), str(item["code"]), str(item["fingerprint"]),
                                 int(item.get("line", 0)), str(item.get("message", ""))))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise BaselineError(f"{path}: an entry lacks file, code or fingerprint: {item!r}") from None
    return entries


def apply_baseline(findings, sources: Dict[str, str], path: str) -> Tuple[list, List[Entry]]:
    """(the findings the baseline does not hold, the stale entries)."""
    entries = read_baseline(path)
    remaining: Dict[Tuple[str, str, str], List[Entry]] = {}
    for entry in entries:
        remaining.setdefault((entry.file, entry.code, entry.fingerprint), []).append(entry)
    kept = []
    for finding, entry in zip(findings, entries_for(findings, sources, path)):
        bucket = remaining.get((entry.file, entry.code, entry.fingerprint))
        if bucket:
            bucket.pop()
        else:
            kept.append(finding)
    stale = sorted((e for bucket in remaining.values() for e in bucket), key=lambda e: (e.file, e.line, e.code))
    return kept, stale


def _read_text(path: str) -> str:
    from corslint.files.decode import DecodeError, decode_source

    try:
        with open(path, "rb") as fh:
            return decode_source(fh.read()).text
    except (OSError, DecodeError):
        return ""


def describe_stale(entries: List[Entry], path: str) -> Optional[str]:
    if not entries:
        return None
    shown = ", ".join(f"{e.file}:{e.line} {e.code}" for e in entries[:10])
    more = f" and {len(entries) - 10} more" if len(entries) > 10 else ""
    one = len(entries) == 1
    return (f"{len(entries)} baseline entr{'y' if one else 'ies'} in {path} no longer match{'es' if one else ''} "
            f"a finding (fixed or changed): {shown}{more}; rewrite it with --write-baseline {path}")
