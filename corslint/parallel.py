"""The per-file pass over the files that survived the byte prefilter.

For each candidate, in input order: replay its cached result when nothing it depends on
changed (``corslint.cache``); skip it when parsing cannot matter (``corslint.gate``);
otherwise analyse it. When enough work is left, the analyses run in a pool of worker
processes, one per core: each worker has its own engine and project (it parses the
modules its files import itself), and sends back each file's outcome as plain data
(findings, policies, facts); the main process merges the outcomes in input order, so
the result does not depend on the number of workers or on scheduling, and runs the
cross-file rules on the gathered facts. An outcome that is not plain data (a CST node
kept in a policy) is not sent: the main process analyses that file itself.

The pool is used only on Linux (``fork``: the workers start in milliseconds, and import
libcst in parallel while the main process reads response headers) and only when the
work is large enough to pay for the processes (:func:`choose_jobs`).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from corslint.cache import NotPlainData, decode, encode
from corslint.gate import available_cores, extractor_markers, needs_parse

# Below this much candidate source a pool costs more than it saves: libcst parses
# about 300 kB of Python per second per core, and starting the pool costs ~30 ms.
MIN_PARALLEL_BYTES = 96 * 1024
MIN_PARALLEL_FILES = 8


@dataclass
class FileOutcome:
    """What the per-file pass found in one file: plain data, cached and sent between processes."""

    findings: list = field(default_factory=list)
    # (attribute of ProjectFacts, key for a dict-of-lists attribute or None, item)
    facts: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    parsed: int = 0
    policy_count: int = 0
    texts: dict = field(default_factory=dict)  # display path -> text, for `# noqa` of its findings


# ---------------------------------------------------------------- capture and replay
def _snapshot(facts) -> Optional[dict]:
    """Sizes of every list (and dict of lists) in ProjectFacts; None if it holds anything else."""
    sizes = {}
    for name, value in vars(facts).items():
        if isinstance(value, list):
            sizes[name] = len(value)
        elif isinstance(value, dict) and all(isinstance(v, list) for v in value.values()):
            sizes[name] = {k: len(v) for k, v in value.items()}
        else:
            return None
    return sizes


def _facts_since(facts, sizes: Optional[dict]) -> Optional[list]:
    if sizes is None or _snapshot(facts) is None or set(vars(facts)) != set(sizes):
        return None
    added = []
    for name, before in sizes.items():
        value = getattr(facts, name)
        if isinstance(before, int):
            added.extend((name, None, item) for item in value[before:])
        else:
            for key, items in value.items():
                added.extend((name, key, item) for item in items[before.get(key, 0):])
    return added


def capture(engine, log, item, data: bytes, decoded, result, texts) -> Tuple[Optional[FileOutcome], Optional[dict]]:
    """Analyse one file into ``result`` and return what it added, and its dependencies
    (None when they cannot be named, or the outcome cannot be described as plain data)."""
    engine._ensure_loaded()
    sizes = _snapshot(engine.facts)
    n_findings, n_errors, n_parsed, n_policies = (len(result.findings), len(result.errors),
                                                  result.files_parsed, result.policies)
    if log is not None:
        log.begin(item.abspath, data)
    engine._analyse(item, data, decoded, result, texts)
    deps = log.end() if log is not None else None
    facts = _facts_since(engine.facts, sizes)
    if facts is None:
        return None, None
    findings = result.findings[n_findings:]
    outcome = FileOutcome(findings=findings, facts=facts, errors=result.errors[n_errors:],
                          parsed=result.files_parsed - n_parsed, policy_count=result.policies - n_policies)
    outcome.texts[item.display] = decoded.text
    for path in {f.path for f in findings} - {item.display}:
        text = texts.get(path)
        if text is None:
            module = next((m for m in dict.values(engine._project.modules) if m is not None and m.path == path),
                          None)
            text = module.source.text if module is not None else None
        if text is not None:
            outcome.texts[path] = text
    return outcome, deps


def replay(engine, outcome: FileOutcome, result, texts) -> None:
    engine._ensure_rules()
    result.findings.extend(outcome.findings)
    result.errors.extend(outcome.errors)
    result.files_parsed += outcome.parsed
    result.policies += outcome.policy_count
    facts = engine.facts
    for name, key, item in outcome.facts:
        target = getattr(facts, name)
        if key is None:
            target.append(item)
        else:
            target.setdefault(key, []).append(item)
    for path, text in outcome.texts.items():
        texts.setdefault(path, text)


# ---------------------------------------------------------------- the pass
def choose_jobs(options, work: List[tuple]) -> int:
    jobs = options.jobs
    if jobs is None and os.environ.get("CORSLINT_JOBS", "").isdigit():
        jobs = int(os.environ["CORSLINT_JOBS"])
    if jobs is not None:
        return max(1, jobs)
    if not sys.platform.startswith("linux") or len(work) < MIN_PARALLEL_FILES:
        return 1
    if sum(len(data) for _item, data, _decoded in work) < MIN_PARALLEL_BYTES:
        return 1
    return min(available_cores(), len(work))


def analyse_candidates(engine, candidates: List[tuple], result, texts: Dict[str, str], meanwhile=None) -> None:
    """The per-file pass. ``meanwhile`` (no arguments) is called while worker processes
    analyse, when there are any: work the main process can do in parallel."""
    options = engine.options
    cache = None
    if options.cache_dir:
        from corslint.cache import ResultCache, run_key

        cache = ResultCache(options.cache_dir, run_key(options))
    engine.result_cache = cache  # `meanwhile` may add to it
    from corslint.project import module_name_for

    markers = extractor_markers()
    outcomes: List[object] = [None] * len(candidates)
    module_names: List[Optional[str]] = [None] * len(candidates)
    todo: List[int] = []
    for index, (item, data, decoded) in enumerate(candidates):
        if cache is not None and item.abspath:
            module_names[index] = module_name_for(item.abspath)
            hit = cache.lookup(item.abspath, item.display, data, module_names[index])
            if isinstance(hit, FileOutcome):
                outcomes[index] = hit
                continue
        if needs_parse(data, decoded.text, item.display, markers):
            todo.append(index)

    jobs = choose_jobs(options, [candidates[i] for i in todo])
    if jobs > 1 and len(todo) > 1:
        from_workers = _run_pool(engine, candidates, todo, jobs, cache is not None, meanwhile)
        for index, (outcome, deps) in from_workers.items():
            outcomes[index] = outcome
            if cache is not None and outcome is not None:
                item, data, _decoded = candidates[index]
                if item.abspath:
                    cache.store(item.abspath, item.display, data, module_names[index], deps, outcome)

    log = None
    if cache is not None and todo:
        engine._ensure_rules()  # the project index; libcst is imported by the first analysis here
        from corslint.cache import DependencyLog

        log = DependencyLog(engine._project)
    pending = set(todo)
    for index, (item, data, decoded) in enumerate(candidates):
        outcome = outcomes[index]
        if outcome is not None:
            replay(engine, outcome, result, texts)
        elif index in pending:  # analysed here: no pool, or not plain data from a worker
            outcome, deps = capture(engine, log, item, data, decoded, result, texts)
            if cache is not None and item.abspath:
                cache.store(item.abspath, item.display, data, module_names[index],
                            deps if outcome is not None else None, outcome)
    # Saved by the engine at the end of the run, after the header-only pass has added to it.
    engine.result_cache = cache


# ---------------------------------------------------------------- the pool
_WORKER: dict = {}


def _run_pool(engine, candidates, todo: List[int], jobs: int, track: bool, meanwhile=None) -> dict:
    """index -> (FileOutcome, deps) for the files the workers could describe as plain data.

    The workers import libcst themselves, in parallel, and the main process runs
    ``meanwhile`` in the time it would have spent importing it and then waiting."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _WORKER.clear()
    _WORKER.update(options=engine.options, candidates=candidates, track=track)
    size = max(1, len(todo) // (jobs * 4))
    chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
    found: dict = {}
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            batches = pool.map(_work, chunks)  # submitted now; results in order below
            if meanwhile is not None:
                meanwhile()
            for batch in batches:
                for index, payload, deps in batch:
                    if payload is not None:
                        found[index] = (decode(payload), deps)
    except Exception:  # a broken pool (killed worker, no fork): the main process does it all
        return {}
    finally:
        _WORKER.clear()
    return found


def _work(indices: List[int]) -> list:
    from corslint.engine import Engine, RunResult

    engine = _WORKER.get("engine")
    if engine is None:
        engine = _WORKER["engine"] = Engine(_WORKER["options"])
        engine._ensure_loaded()
        if _WORKER["track"]:
            from corslint.cache import DependencyLog

            _WORKER["log"] = DependencyLog(engine._project)
    log = _WORKER.get("log")
    batch = []
    for index in indices:
        item, data, decoded = _WORKER["candidates"][index]
        outcome, deps = capture(engine, log, item, data, decoded, RunResult(), {})
        payload = None
        if outcome is not None:
            try:
                payload = encode(outcome)
            except NotPlainData:
                payload = None
        batch.append((index, payload, deps))
    return batch
