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

Workers are used only on Linux (``fork``: they start in milliseconds), and only when the
work is large enough to pay for the processes (:func:`choose_jobs`), or when the tree is
large enough that they were started while it was read (:func:`early_worker_allowed`):
they import libcst in parallel with the main process, which reads response headers
while they analyse. When no process can be started, the main process does it all.
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
# From this many files on, reading the tree takes about as long as importing libcst, so a
# worker started before the prefilter costs no wall time and saves that import.
MIN_EARLY_WORKER_FILES = 500


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
    # Fixes are realised here, where the file and the modules it read are parsed already
    # (in a worker: in parallel, instead of in the main process afterwards).
    result.errors.extend(engine.materialise(result.findings[n_findings:]))
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
            module = engine._project.module_at(path)
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
def early_worker_allowed(options, files: int) -> int:
    """How many workers may be started while the tree is read (0: none): on a tree this
    large, where reading takes about as long as importing libcst, as many as the run
    may use."""
    if files < MIN_EARLY_WORKER_FILES or not sys.platform.startswith("linux") or options.overlay:
        return 0
    forced = options.jobs is not None or os.environ.get("CORSLINT_JOBS", "").isdigit()
    jobs = choose_jobs(options, []) if forced else available_cores()
    return jobs if jobs > 1 else 0  # one job (asked for, or one core): the main process does it


# CORSLINT_JOBS=100000 must not start 100,000 processes: more workers than this only
# compete for the same cores (each holds its own libcst and project index).
MAX_JOBS = max(2, min(64, 2 * (os.cpu_count() or 1)))


def choose_jobs(options, work: List[tuple]) -> int:
    jobs = options.jobs
    if jobs is None and os.environ.get("CORSLINT_JOBS", "").isdigit():
        jobs = int(os.environ["CORSLINT_JOBS"])
    if jobs is not None:
        return max(1, min(jobs, MAX_JOBS))
    if not sys.platform.startswith("linux") or len(work) < MIN_PARALLEL_FILES:
        return 1
    if sum(len(data) for _item, data, _decoded in work) < MIN_PARALLEL_BYTES:
        return 1
    return min(available_cores(), len(work))


def analyse_candidates(engine, candidates: List[tuple], result, texts: Dict[str, str], meanwhile=None,
                       workers: Optional["Workers"] = None) -> None:
    """The per-file pass. ``meanwhile`` (no arguments) is called while worker processes
    analyse, when there are any: work the main process can do in parallel. ``workers``
    were started before the prefilter (see :class:`Workers`); they are used whatever the
    amount of work, since they have already paid for importing libcst."""
    options = engine.options
    cache = engine.result_cache  # opened by the engine when there is a cache directory
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
        elif cache is not None and item.abspath:
            # Nothing to parse (the gate reads only this file's bytes): remember that too.
            cache.store(item.abspath, item.display, data, module_names[index], {}, FileOutcome())

    jobs = choose_jobs(options, [candidates[i] for i in todo])
    if todo and (workers is not None or (jobs > 1 and len(todo) > 1)):
        if workers is None:
            workers = engine._workers = Workers(options, cache is not None)  # stopped by Engine.run
        workers.add(min(jobs, len(todo)) - len(workers.processes))
        from_workers = workers.run(_chunks(candidates, todo, max(1, len(workers.processes))), meanwhile) \
            if workers.processes else {}
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


# ---------------------------------------------------------------- the workers
def _chunks(candidates, todo: List[int], workers: int) -> List[list]:
    """The files to analyse, in chunks of (index, item, bytes, Decoded). Largest files come
    first (their analysis costs most), so that no worker starts a large one when the
    others are done; the outcomes are merged in input order anyway."""
    order = sorted(todo, key=lambda i: -len(candidates[i][1]))
    size = max(1, len(order) // (max(1, workers) * 4))
    return [[(i, *candidates[i]) for i in order[start:start + size]] for start in range(0, len(order), size)]


class Workers:
    """Worker processes for the per-file pass (Linux, ``fork``), fed by the main process.

    Each worker makes its own engine and project index, imports libcst itself, and sends
    back each file's outcome as plain data. A worker can be started before the main
    process reads the tree, so that importing libcst (about 0.2 s) overlaps that reading.
    The main process hands out one chunk at a time to whichever worker is free; a worker
    that dies leaves its chunk to the main process, which then analyses it itself."""

    def __init__(self, options, track: bool):
        self.options = options
        self.track = track  # keep a dependency log for the cache
        self.processes: List[tuple] = []  # (process, connection)
        self.used: set = set()  # processes that were given work

    def add(self, count: int) -> None:
        """Start up to ``count`` more workers; fewer (maybe none) when the system refuses a
        process (a pid limit, no ``fork``): the main process then does their share."""
        import multiprocessing

        if count <= 0:
            return
        try:
            context = multiprocessing.get_context("fork")
        except ValueError:  # no fork on this platform
            return
        sys.stdout.flush()  # a forked child flushes what it inherited: nothing may be pending
        sys.stderr.flush()
        for _ in range(count):
            parent = child = None
            try:
                parent, child = context.Pipe()
                # The child closes the main process's ends it inherits (its own and the
                # other workers'), so that it sees the end of its pipe when the main process
                # goes away, however it goes.
                inherited = [connection for _process, connection in self.processes] + [parent]
                process = context.Process(target=_serve, args=(self.options, self.track, child, inherited),
                                          daemon=True)
                process.start()
            except (OSError, ValueError):
                for end in (parent, child):
                    if end is not None:
                        end.close()
                return
            child.close()
            self.processes.append((process, parent))

    def run(self, chunks: List[list], meanwhile=None) -> dict:
        """index -> (FileOutcome, deps) for the files the workers could describe as plain data."""
        from multiprocessing.connection import wait

        pending = list(chunks)
        busy: dict = {}  # connection -> process
        found: dict = {}

        def feed(process, connection) -> None:
            if pending:
                try:
                    connection.send(pending[0])
                except (OSError, ValueError):  # a worker gone already: the main process does it
                    return
                pending.pop(0)
                busy[connection] = process
                self.used.add(process)

        for process, connection in self.processes:
            feed(process, connection)
        if meanwhile is not None:
            meanwhile()
        while busy:
            sentinels = {process.sentinel: connection for connection, process in busy.items()}
            for ready in wait(list(busy) + list(sentinels)):
                connection = sentinels.get(ready, ready)
                process = busy.pop(connection, None)
                if process is None:
                    continue
                try:
                    batch = connection.recv()
                except (EOFError, OSError):  # the worker died: its chunk is left to the main process
                    continue
                for index, payload, deps in batch:
                    if payload is not None:
                        try:
                            found[index] = (decode(payload), deps)
                        except (KeyError, ValueError, TypeError, AttributeError, ImportError):
                            pass  # analysed again by the main process
                feed(process, connection)
        return found

    def stop(self) -> None:
        for process, connection in self.processes:
            if process in self.used:
                try:
                    connection.send(None)
                except (OSError, ValueError):
                    pass
            else:
                process.terminate()  # never given work (a warm run): not worth waiting for
            connection.close()
        for process, _connection in self.processes:
            process.join(1)
            if process.is_alive():
                process.kill()
                process.join()
        self.processes = []


def _serve(options, track: bool, connection, inherited=()) -> None:
    """A worker: analyse the chunks the main process sends until it sends None. It says
    nothing of its own: Ctrl-C is the main process's to report, and whatever goes wrong
    here leaves the chunk to the main process, which analyses it again and reports that."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the main process's handler: a worker just ends
    from corslint.origins import regex_engine

    regex_engine.forget_inherited_process()  # the main process's regex process is not ours to use
    for end in inherited:
        end.close()
    try:
        _answer(options, track, connection)
    except Exception:
        pass


def _answer(options, track: bool, connection) -> None:
    from corslint.engine import Engine, RunResult

    engine = Engine(options)
    engine._ensure_loaded()
    log = None
    if track:
        from corslint.cache import DependencyLog

        log = DependencyLog(engine._project)
    while True:
        try:
            chunk = connection.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        batch = []
        for index, item, data, decoded in chunk:
            outcome, deps = capture(engine, log, item, data, decoded, RunResult(), {})
            payload = None
            if outcome is not None:
                try:
                    payload = encode(outcome)
                except NotPlainData:
                    payload = None
            batch.append((index, payload, deps))
        connection.send(batch)
