"""The per-file pass over the files that survived the byte prefilter.

For each candidate, in input order: replay its cached result when nothing it depends on
changed (``corslint.run.cache``); skip it when parsing cannot matter (``corslint.run.gate``);
otherwise analyse it. When enough work is left, the analyses run in a pool of worker
processes, one per core: each worker has its own analyser and project (it parses the
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
from typing import Dict, List, Optional

from corslint.run.analyser import FileAnalyser, FileOutcome
from corslint.run.cache import NotPlainData, decode, encode
from corslint.run.gate import available_cores, extractor_markers, needs_parse

# Below this much candidate source a pool costs more than it saves: libcst parses
# about 300 kB of Python per second per core, and starting the pool costs ~30 ms.
MIN_PARALLEL_BYTES = 96 * 1024
MIN_PARALLEL_FILES = 8
# From this many files on, reading the tree takes about as long as importing libcst, so a
# worker started before the prefilter costs no wall time and saves that import.
MIN_EARLY_WORKER_FILES = 500


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


def analyse_candidates(analyser: FileAnalyser, candidates: List[tuple], result, texts: Dict[str, str],
                       cache=None, meanwhile=None, workers: Optional["Workers"] = None) -> Optional["Workers"]:
    """The per-file pass, with this analyser in the main process and ``cache`` (a
    ResultCache, or None). ``meanwhile`` (no arguments) is called while worker processes
    analyse, when there are any: work the main process can do in parallel. ``workers``
    were started before the prefilter (see :class:`Workers`); they are used whatever the
    amount of work, since they have already paid for importing libcst. Returns the
    workers in use (the caller stops them), or None."""
    options = analyser.options
    from corslint.files.imports import module_name_for

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
            workers = Workers(options, cache is not None)  # stopped by the caller
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
        analyser.ensure_rules()  # the project index; libcst is imported by the first analysis here
        from corslint.run.cache import DependencyLog

        log = DependencyLog(analyser.project)
    pending = set(todo)
    for index, (item, data, decoded) in enumerate(candidates):
        outcome = outcomes[index]
        if outcome is not None:
            analyser.replay(outcome, result, texts)
        elif index in pending:  # analysed here: no pool, or not plain data from a worker
            outcome, deps = analyser.capture(log, item, data, decoded, result, texts)
            if cache is not None and item.abspath:
                cache.store(item.abspath, item.display, data, module_names[index],
                            deps if outcome is not None else None, outcome)
    return workers


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

    Each worker makes its own analyser and project index, imports libcst itself, and sends
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
    from corslint.run.model import RunResult

    analyser = FileAnalyser(options)
    analyser.ensure_loaded()
    log = None
    if track:
        from corslint.run.cache import DependencyLog

        log = DependencyLog(analyser.project)
    while True:
        try:
            chunk = connection.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        batch = []
        for index, item, data, decoded in chunk:
            outcome, deps = analyser.capture(log, item, data, decoded, RunResult(), {})
            payload = None
            if outcome is not None:
                try:
                    payload = encode(outcome)
                except NotPlainData:
                    payload = None
            batch.append((index, payload, deps))
        connection.send(batch)
