"""The ecosystem check: corslint on pinned real projects, compared with a reviewed triage.

    python benchmarks/ecosystem/run.py SNAPSHOT_DIR             # report the difference
    python benchmarks/ecosystem/run.py SNAPSHOT_DIR --update    # also write it into triage/
    python benchmarks/ecosystem/run.py SNAPSHOT_DIR --get       # make missing snapshots (network)
    python benchmarks/ecosystem/run.py SNAPSHOT_DIR --markdown  # the figures for docs/ecosystem.md

SNAPSHOT_DIR holds one folder per project of projects.toml (kept outside the repository:
their code is never committed). For each project the check runs ``corslint check`` as a
new user would (no configuration, no cache) and matches every finding with the project's
triage file, ``triage/<name>.toml``, by file, rule and the text of the finding's source
line (stripped), so a finding survives edits that move it. It prints

* new findings (not in the triage: a change made them appear; triage them),
* vanished findings (in the triage, no longer reported: a fix, or a lost true finding),
* precision per project and per rule: (true + acceptable) / triaged findings,
* the misses (misconfigurations found by reading the code) corslint still misses: its
  false negatives, each with the route the value takes (``route``) and whether a static
  reader could follow it (``reach``: ``followable``, or ``beyond`` when the value comes
  from a non-Python file or a project's own reader at run time, which corslint must not
  guess).

``--update`` rewrites the triage files: new findings are added with verdict
``untriaged``, vanished ones are removed (and listed), so that ``git diff`` shows the
change to review. Exit status: 0 when nothing changed, 1 when there are new, vanished or
untriaged findings, 2 when a snapshot is missing or corslint failed.

It does not run in CI (CI has no network); run it before a release (docs/ecosystem.md).
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import zipfile

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TRIAGE_DIR = os.path.join(HERE, "triage")
VERDICTS = ("true", "acceptable", "false-positive", "untriaged")
REACHES = ("followable", "beyond")
# Go and Rust sources too: corslint checks them when installed with the `go,rust` extras.
KEPT_SUFFIXES = (".py", ".pyi", ".toml", ".cfg", ".ini", ".gitignore", ".go", ".rs")


def load_projects():
    with open(os.path.join(HERE, "projects.toml"), "rb") as handle:
        return tomllib.load(handle)["project"]


# --- getting the snapshots -------------------------------------------------------------

def how_to_get(project, snapshot_dir) -> str:
    target = os.path.join(snapshot_dir, project["name"])
    url = f"https://github.com/{project['repo']}"
    if project["source"] == "pypi":
        return (f"pip download --no-deps --only-binary=:all: --python-version 3.14 "
                f"{project['package']}=={project['version']} -d /tmp/wheels && unzip the wheel into {target} "
                f"(or: run.py {snapshot_dir} --get); upstream: {url} at {project['tag']}")
    return (f"git init {target} && git -C {target} fetch --depth 1 {url} {project['commit']} && "
            f"git -C {target} checkout FETCH_HEAD  (or: run.py {snapshot_dir} --get)")


def get_snapshot(project, snapshot_dir) -> None:
    """Make one project's snapshot (needs the network)."""
    target = os.path.join(snapshot_dir, project["name"])
    if project["source"] == "pypi":
        with tempfile.TemporaryDirectory() as wheels:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                            "--python-version", "3.14", f"{project['package']}=={project['version']}",
                            "-d", wheels], check=True)
            (wheel,) = [name for name in os.listdir(wheels) if name.endswith(".whl")]
            with zipfile.ZipFile(os.path.join(wheels, wheel)) as archive:
                for info in archive.infolist():
                    if info.filename.endswith(KEPT_SUFFIXES) and ".dist-info/" not in info.filename:
                        archive.extract(info, target)
        return
    url = f"https://github.com/{project['repo']}"
    subprocess.run(["git", "init", "-q", target], check=True)
    subprocess.run(["git", "-C", target, "fetch", "-q", "--depth", "1", url, project["commit"]], check=True)
    subprocess.run(["git", "-C", target, "checkout", "-q", "FETCH_HEAD"], check=True)


# --- running corslint ------------------------------------------------------------------

def source_line(path: str, row: int) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, 1):
                if number == row:
                    return " ".join(line.split())
    except OSError:
        pass
    return ""


def run_corslint(project, folder):
    """corslint's findings for one project: dicts with file, rule, line, key, message."""
    targets = project.get("paths") or ["."]
    missing = [p for p in targets if not os.path.exists(os.path.join(folder, p))]
    if missing:
        raise FileNotFoundError(f"{project['name']}: {', '.join(missing)} not in the snapshot")
    command = [sys.executable, "-m", "corslint", "check", "--isolated", "--no-cache", "--exit-zero",
               "--output-format", "json", *targets]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")})
    if done.returncode != 0:
        raise RuntimeError(f"{project['name']}: corslint exited {done.returncode}: {done.stderr[-2000:]}")
    findings = []
    for item in json.loads(done.stdout or "[]"):
        absolute = os.path.join(folder, item["filename"])
        relative = os.path.relpath(absolute, folder).replace(os.sep, "/")
        row = item["location"]["row"]
        findings.append({
            "file": relative,
            "rule": item["code"],
            "line": row,
            "key": source_line(absolute, row),
            "message": item["message"].replace(folder + os.sep, ""),
        })
    findings.sort(key=lambda f: (f["file"], f["line"], f["rule"]))
    return findings


# --- the triage ------------------------------------------------------------------------

def triage_path(name: str) -> str:
    return os.path.join(TRIAGE_DIR, f"{name}.toml")


def load_triage(name: str):
    path = triage_path(name)
    if not os.path.exists(path):
        return {"finding": [], "miss": []}
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    data.setdefault("finding", [])
    data.setdefault("miss", [])
    for entry in data["finding"]:
        if entry.get("verdict") not in VERDICTS:
            raise SystemExit(f"{path}: verdict {entry.get('verdict')!r} is not one of {', '.join(VERDICTS)}")
    for miss in data["miss"]:
        miss.setdefault("reach", "followable")
        if miss["reach"] not in REACHES:
            raise SystemExit(f"{path}: reach {miss['reach']!r} is not one of {', '.join(REACHES)}")
    return data


def match(findings, entries):
    """Pair findings with triage entries by (file, rule, key); then (file, rule) for the rest
    when exactly one of each is left, so an edited source line still finds its verdict."""
    pairs, unmatched = [], []
    pool = collections.defaultdict(list)
    for entry in entries:
        pool[(entry["file"], entry["rule"], entry["key"])].append(entry)
    for finding in findings:
        bucket = pool.get((finding["file"], finding["rule"], finding["key"]))
        if bucket:
            pairs.append((finding, bucket.pop(0)))
        else:
            unmatched.append(finding)
    left = [e for bucket in pool.values() for e in bucket]
    by_place = collections.defaultdict(list)
    for entry in left:
        by_place[(entry["file"], entry["rule"])].append(entry)
    new = []
    for finding in unmatched:
        place = (finding["file"], finding["rule"])
        candidates = by_place.get(place, [])
        same_place_findings = [f for f in unmatched if (f["file"], f["rule"]) == place]
        if len(candidates) == 1 and len(same_place_findings) == 1:
            entry = candidates.pop()
            left.remove(entry)
            pairs.append((finding, entry))
        else:
            new.append(finding)
    return pairs, new, left


def quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a TOML basic string is a JSON string


def write_triage(name: str, project, entries, misses) -> None:
    lines = [f"# Triage of corslint's findings on {project['repo']} (see docs/ecosystem.md).",
             "# verdict: true (a reviewer would thank the tool), acceptable (technically right,",
             "# deliberate or harmless), false-positive (wrong), untriaged (not reviewed yet).",
             "# [[miss]]: a false negative found by reading the code: what the real middleware does that",
             "# a rule of RULES.md covers; reach: followable (a static reader could know it) or beyond.", ""]
    for entry in sorted(entries, key=lambda e: (e["file"], e.get("line", 0), e["rule"])):
        lines += ["[[finding]]",
                  f"file = {quote(entry['file'])}",
                  f"rule = {quote(entry['rule'])}",
                  f"line = {entry.get('line', 0)}",
                  f"key = {quote(entry['key'])}",
                  f"verdict = {quote(entry['verdict'])}",
                  f"reason = {quote(entry.get('reason', ''))}", ""]
    for miss in misses:
        lines += ["[[miss]]",
                  f"file = {quote(miss['file'])}",
                  f"rule = {quote(miss['rule'])}",
                  f"key = {quote(miss['key'])}",
                  f"reach = {quote(miss.get('reach', 'followable'))}"]
        if miss.get("route"):
            lines.append(f"route = {quote(miss['route'])}")
        lines += [f"reason = {quote(miss.get('reason', ''))}", ""]
    os.makedirs(TRIAGE_DIR, exist_ok=True)
    with open(triage_path(name), "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines))


# --- the report ------------------------------------------------------------------------

def precision(counts) -> str:
    triaged = counts["true"] + counts["acceptable"] + counts["false-positive"]
    if not triaged:
        return "—"
    return f"{100.0 * (counts['true'] + counts['acceptable']) / triaged:.1f}%"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("snapshots", help="the folder holding one snapshot folder per project")
    parser.add_argument("--update", action="store_true", help="write new/vanished findings into triage/")
    parser.add_argument("--get", action="store_true", help="make missing snapshots (needs the network)")
    parser.add_argument("--project", action="append", help="only this project (repeatable)")
    parser.add_argument("--markdown", action="store_true", help="print the tables for docs/ecosystem.md")
    args = parser.parse_args(argv)

    projects = [p for p in load_projects() if not args.project or p["name"] in args.project]
    snapshot_dir = os.path.abspath(args.snapshots)
    status = 0
    totals = collections.Counter()
    per_rule = collections.defaultdict(collections.Counter)
    rows = []
    still_missed = []
    for project in projects:
        folder = os.path.join(snapshot_dir, project["name"])
        if not os.path.isdir(folder):
            if args.get:
                get_snapshot(project, snapshot_dir)
            else:
                print(f"missing snapshot {folder}; get it with:\n  {how_to_get(project, snapshot_dir)}")
                status = 2
                continue
        try:
            findings = run_corslint(project, folder)
        except (OSError, RuntimeError) as error:
            print(f"error: {error}")
            status = 2
            continue
        triage = load_triage(project["name"])
        pairs, new, vanished = match(findings, triage["finding"])
        counts = collections.Counter()
        for finding, entry in pairs:
            counts[entry["verdict"]] += 1
            per_rule[finding["rule"]][entry["verdict"]] += 1
        for finding in new:
            counts["untriaged"] += 1
            per_rule[finding["rule"]]["untriaged"] += 1
        totals.update(counts)
        found_keys = {(f["file"], f["rule"], f["key"]) for f in findings}
        misses = triage["miss"]
        missed = [m for m in misses if (m["file"], m["rule"], m["key"]) not in found_keys]
        now_found = [m for m in misses if (m["file"], m["rule"], m["key"]) in found_keys]
        still_missed += [(project["name"], m) for m in missed]
        followable = sum(1 for m in missed if m["reach"] == "followable")
        rows.append((project, len(findings), counts, len(misses), len(missed), followable))
        if not args.markdown:
            print(f"{project['name']}: {len(findings)} findings, precision {precision(counts)}"
                  f" (true {counts['true']}, acceptable {counts['acceptable']},"
                  f" false-positive {counts['false-positive']}, untriaged {counts['untriaged']});"
                  f" false negatives {len(missed)} ({followable} followable), {len(misses) - len(missed)} misses found")
            for finding in new:
                print(f"  new      {finding['file']}:{finding['line']}: {finding['rule']} {finding['message'][:160]}")
            for entry in vanished:
                print(f"  vanished {entry['file']}:{entry.get('line', '?')}: {entry['rule']} [{entry['verdict']}] {entry['key'][:100]}")
            for miss in now_found:
                print(f"  miss now found {miss['file']}: {miss['rule']} {miss['key'][:100]}")
        if new or vanished or counts["untriaged"]:
            status = max(status, 1)
        if args.update and (new or vanished or any(f["line"] != e.get("line") for f, e in pairs)):
            entries = []
            for finding, entry in pairs:
                entries.append({**entry, "line": finding["line"], "key": finding["key"]})
            for finding in new:
                entries.append({**finding, "verdict": "untriaged", "reason": ""})
            write_triage(project["name"], project, entries, misses)

    if args.markdown:
        print_markdown(rows, totals, per_rule, still_missed)
    else:
        print()
        print(f"all: {sum(r[1] for r in rows)} findings in {len(rows)} projects, precision {precision(totals)}"
              f" (true {totals['true']}, acceptable {totals['acceptable']},"
              f" false-positive {totals['false-positive']}, untriaged {totals['untriaged']})")
        for rule in sorted(per_rule):
            c = per_rule[rule]
            n = sum(c.values())
            print(f"  {rule}: {n} findings, false-positive {c['false-positive']} ({100.0 * c['false-positive'] / n:.0f}%),"
                  f" untriaged {c['untriaged']}")
        if still_missed:
            followable = sum(1 for _, m in still_missed if m["reach"] == "followable")
            print(f"false negatives (misses still missed): {len(still_missed)}, {followable} of them followable")
            for name, miss in still_missed:
                print(f"  {name}: {miss['file']}: {miss['rule']} [{miss['reach']}] {miss.get('route', '')[:140]}")
    return status


def print_markdown(rows, totals, per_rule, still_missed) -> None:
    print("| project | frameworks | findings | true | acceptable | false positive | untriaged | precision"
          " | false negatives (followable) | misses found |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for project, n, c, misses, missed, followable in rows:
        print(f"| {project['name']} | {project.get('frameworks', '')} | {n} | {c['true']} | {c['acceptable']} |"
              f" {c['false-positive']} | {c['untriaged']} | {precision(c)} | {missed} ({followable}) | {misses - missed} |")
    total = sum(r[1] for r in rows)
    print(f"| **all {len(rows)}** | | **{total}** | {totals['true']} | {totals['acceptable']} |"
          f" {totals['false-positive']} | {totals['untriaged']} | **{precision(totals)}** |"
          f" {sum(r[4] for r in rows)} ({sum(r[5] for r in rows)}) | {sum(r[3] - r[4] for r in rows)} |")
    print()
    print("| rule | findings | true | acceptable | false positive | false-positive rate |")
    print("|---|---:|---:|---:|---:|---:|")
    for rule in sorted(per_rule):
        c = per_rule[rule]
        n = sum(c.values())
        print(f"| {rule} | {n} | {c['true']} | {c['acceptable']} | {c['false-positive']} |"
              f" {100.0 * c['false-positive'] / n:.0f}% |")
    if still_missed:
        print()
        for name, miss in still_missed:
            route = f" Route: {miss['route']}." if miss.get("route") else ""
            print(f"- {name}: `{miss['file']}` ({miss['rule']}, {miss['reach']}): {miss['reason']}{route}")


if __name__ == "__main__":
    sys.exit(main())
