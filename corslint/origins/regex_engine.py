"""Deciding whether an origin regex accepts a string, with a hard bound on the cost.

Why not just call ``re``: the patterns come from the code being linted, and Python's
``re`` is a backtracking engine. ``^(a+)+$`` against ``"a" * 30 + "!"`` takes minutes,
and ``_sre`` holds the GIL, so neither a thread nor a signal can stop it in time.

What we do instead:

1. **A Thompson-NFA simulation (Pike VM without captures)** over the tree that
   ``re``'s own parser (``sre_parse`` / ``re._parser``) produces. For a yes/no answer
   backtracking and NFA simulation agree: a backtracking engine answers "match" iff some
   path through the pattern accepts, which is exactly what the state-set simulation
   computes, in ``O(len(subject) * len(program))`` whatever the pattern. It covers
   what origin regexes use: literals, classes, categories, ``.``, alternation, groups,
   greedy/lazy repeats, ``^ $ \\A \\Z \\b \\B`` and the flags ``i s m a``. Reusing ``re``'s
   parser means the syntax (escapes, flags, ``(?x)`` comments) is exactly Python's.
2. **Everything else** (backreferences, lookarounds, conditionals, atomic groups and
   possessive repeats, locale flags, case-insensitive non-ASCII matching, programs too
   large to simulate) goes to real ``re`` in a separate worker process that is killed
   when its time budget runs out. The answer is then exact or "could not decide" (None),
   never a hang. A process, not a thread, because ``_sre`` cannot be interrupted.

No third-party engine (``google-re2``) is used: it would be a compiled runtime
dependency for a linter that must install anywhere, and it rejects constructs (such as
backreferences) that the fallback handles anyway.
"""
from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import threading
import time
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from corslint import limits
from corslint.budget import check as check_module_budget
from corslint.budget import remaining as module_budget_left

try:  # Python >= 3.11 renamed the parser and deprecated the old name.
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.9 / 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

C = _sre_parse  # the opcode constants live in the parser module's namespace


def parse_pattern(pattern: str, flags: int = 0):
    """``re``'s own parse tree of a pattern (re.error when it does not compile)."""
    return _sre_parse.parse(pattern, flags)

# Bounds. A program above MAX_PROGRAM instructions (e.g. nested large {m,n} counts) is
# not simulated; MAX_STEPS caps the simulation itself; FALLBACK_SECONDS is the budget of
# the worker process for one pattern and all the subjects asked about it.
MAX_PROGRAM = 20000
MAX_STEPS = 3_000_000
FALLBACK_SECONDS = 0.25

MODES = ("fullmatch", "match", "search")


class Unsupported(Exception):
    """The pattern uses something the NFA simulation does not model."""


# ----------------------------------------------------------------------------------
# Program: a list of instructions.
#   ("char", predicate)          consume one character if predicate(ch)
#   ("split", a, b)              continue at a and at b
#   ("jmp", a)
#   ("assert", kind)             zero-width test at the current position
#   ("match",)
# ----------------------------------------------------------------------------------

_FLAG_I, _FLAG_S, _FLAG_M, _FLAG_A = re.IGNORECASE, re.DOTALL, re.MULTILINE, re.ASCII


@functools.lru_cache(maxsize=4096)
def _category(category_name: str, ascii_only: bool, ch: str) -> bool:
    text = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
            "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}.get(category_name)
    if text is None:
        raise Unsupported(category_name)
    return re.fullmatch(text, ch, re.ASCII if ascii_only else 0) is not None


def _name(constant) -> str:
    """The opcode's name (`LITERAL`, `AT_END`, ...), the same on Python 3.9 to 3.13."""
    return getattr(constant, "name", None) or str(constant)


def _is_word(ch: str, ascii_only: bool) -> bool:
    return _category("CATEGORY_WORD", ascii_only, ch)


def _fold_variants(ch: str, ignore_case: bool) -> Tuple[str, ...]:
    if not ignore_case:
        return (ch,)
    return tuple({ch, ch.lower(), ch.upper()})


def class_predicate(items, flags: int) -> Callable[[str], bool]:
    ignore_case = bool(flags & _FLAG_I)
    ascii_only = bool(flags & _FLAG_A)
    negate = False
    tests: List[Callable[[str], bool]] = []
    for op, arg in items:
        name = _name(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            tests.append(lambda ch, c=chr(arg): ch == c)
        elif name == "RANGE":
            low, high = arg
            tests.append(lambda ch, lo=low, hi=high: lo <= ord(ch) <= hi)
        elif name == "CATEGORY":
            tests.append(lambda ch, cat=_name(arg), a=ascii_only: _category(cat, a, ch))
        else:
            raise Unsupported(name)

    def predicate(ch: str) -> bool:
        hit = any(test(variant) for variant in _fold_variants(ch, ignore_case) for test in tests)
        return hit != negate

    return predicate


class _Compiler:
    def __init__(self, flags: int):
        self.program: List[tuple] = []
        self.base_flags = flags

    def emit(self, instruction: tuple) -> int:
        if len(self.program) >= MAX_PROGRAM:
            raise Unsupported("program too large")
        self.program.append(instruction)
        return len(self.program) - 1

    def compile_sequence(self, items, flags: int) -> None:
        for op, arg in items:
            self.compile_node(op, arg, flags)

    def compile_node(self, op, arg, flags: int) -> None:
        name = _name(op)
        ignore_case = bool(flags & _FLAG_I)
        if name == "LITERAL":
            char = chr(arg)
            if ignore_case and not char.isascii():
                raise Unsupported("case-insensitive non-ASCII literal")
            variants = _fold_variants(char, ignore_case)
            self.emit(("char", lambda ch, v=variants: ch in v or (ignore_case and ch.lower() in v)))
        elif name == "NOT_LITERAL":
            char = chr(arg)
            if ignore_case and not char.isascii():
                raise Unsupported("case-insensitive non-ASCII literal")
            variants = _fold_variants(char, ignore_case)
            self.emit(("char", lambda ch, v=variants: not (ch in v or (ignore_case and ch.lower() in v))))
        elif name == "ANY":
            dotall = bool(flags & _FLAG_S)
            self.emit(("char", (lambda ch: True) if dotall else (lambda ch: ch != "\n")))
        elif name == "IN":
            for item_op, item_arg in arg:
                if _name(item_op) == "LITERAL" and ignore_case and not chr(item_arg).isascii():
                    raise Unsupported("case-insensitive non-ASCII class")
                if _name(item_op) == "RANGE" and ignore_case and item_arg[1] > 127:
                    raise Unsupported("case-insensitive non-ASCII range")
            self.emit(("char", class_predicate(arg, flags)))
        elif name == "BRANCH":
            _, alternatives = arg
            self.compile_alternatives(alternatives, flags)
        elif name == "SUBPATTERN":
            _group, add_flags, del_flags, sub = arg
            if (add_flags | del_flags) & ~(_FLAG_I | _FLAG_S | _FLAG_M | _FLAG_A | re.UNICODE | re.VERBOSE):
                raise Unsupported("scoped flags")
            self.compile_sequence(sub, (flags | add_flags) & ~del_flags)
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, high, sub = arg
            self.compile_repeat(low, high, sub, flags)
        elif name == "AT":
            self.emit(("assert", _name(arg), flags))
        else:
            # GROUPREF, ASSERT, ASSERT_NOT, GROUPREF_EXISTS, ATOMIC_GROUP, POSSESSIVE_REPEAT, ...
            raise Unsupported(name)

    def compile_alternatives(self, alternatives, flags: int) -> None:
        jumps: List[int] = []
        for index, alternative in enumerate(alternatives):
            if index < len(alternatives) - 1:
                split = self.emit(("split", None, None))
                self.compile_sequence(alternative, flags)
                jumps.append(self.emit(("jmp", None)))
                self.program[split] = ("split", split + 1, len(self.program))
            else:
                self.compile_sequence(alternative, flags)
        for jump in jumps:
            self.program[jump] = ("jmp", len(self.program))

    def compile_repeat(self, low: int, high: int, sub, flags: int) -> None:
        if low > MAX_PROGRAM:
            raise Unsupported("repeat count too large")
        for _ in range(low):
            self.compile_sequence(sub, flags)
        if high == C.MAXREPEAT:
            loop = self.emit(("split", None, None))
            self.compile_sequence(sub, flags)
            self.emit(("jmp", loop))
            self.program[loop] = ("split", loop + 1, len(self.program))
            return
        if high - low > MAX_PROGRAM:
            raise Unsupported("repeat count too large")
        splits: List[int] = []
        for _ in range(high - low):
            splits.append(self.emit(("split", None, None)))
            self.compile_sequence(sub, flags)
        for split in splits:
            self.program[split] = ("split", split + 1, len(self.program))


def _assertion_holds(kind: str, flags: int, subject: str, pos: int) -> bool:
    size = len(subject)
    multiline = bool(flags & _FLAG_M)
    if kind == "AT_BEGINNING":
        return pos == 0 or (multiline and subject[pos - 1] == "\n")
    if kind == "AT_BEGINNING_STRING":
        return pos == 0
    if kind == "AT_END":
        if pos == size or (pos == size - 1 and subject[pos] == "\n"):
            return True
        return multiline and pos < size and subject[pos] == "\n"
    if kind == "AT_END_STRING":
        return pos == size
    if kind == "AT_NON_BOUNDARY" and size == 0:
        return sys.version_info >= (3, 14)  # before 3.14, \B never matched an empty string
    if kind in ("AT_BOUNDARY", "AT_NON_BOUNDARY"):
        ascii_only = bool(flags & _FLAG_A)
        before = pos > 0 and _is_word(subject[pos - 1], ascii_only)
        after = pos < size and _is_word(subject[pos], ascii_only)
        return (before != after) == (kind == "AT_BOUNDARY")
    raise Unsupported(kind)


class NfaProgram:
    """A compiled pattern that answers match questions in time linear in the subject.

    The simulation is memoised like a lazily built DFA: the set of threads reached from
    a set of threads on a character, and the closure of a set under the assertions that
    hold at a position, are cached per program. Origins share most of their text
    (``https://``, the trusted domain), so the dozens of probes asked about one pattern
    cost a few dictionary lookups per character after the first.
    """

    CACHE_LIMIT = 20000

    def __init__(self, program: Sequence[tuple]):
        self.program = list(program)
        self.assertions = [(pc, instruction[1], int(instruction[2])) for pc, instruction in enumerate(self.program)
                           if instruction[0] == "assert"]
        # Start and end of string are the only assertions most origin patterns use; away
        # from both ends (and any newline) they all fail, so the context is a constant.
        self._simple = all(kind in ("AT_BEGINNING", "AT_BEGINNING_STRING", "AT_END", "AT_END_STRING")
                           for _pc, kind, _flags in self.assertions)
        self._middle = tuple(False for _ in self.assertions)
        self.matches = frozenset(pc for pc, instruction in enumerate(self.program) if instruction[0] == "match")
        self._steps: Dict[tuple, Tuple[int, ...]] = {}
        self._closures: Dict[tuple, Tuple[int, ...]] = {}

    def _context(self, subject: str, pos: int) -> Tuple[bool, ...]:
        if self._simple and 0 < pos < len(subject) - 1 and subject[pos - 1] != "\n" and subject[pos] != "\n":
            return self._middle
        return tuple(_assertion_holds(kind, flags, subject, pos) for _pc, kind, flags in self.assertions)

    def _closure(self, starts: Sequence[int], context: Tuple[bool, ...], budget: List[int]) -> Tuple[int, ...]:
        key = (tuple(starts), context)
        cached = self._closures.get(key)
        if cached is not None:
            return cached
        holds = {pc: context[i] for i, (pc, _kind, _flags) in enumerate(self.assertions)}
        seen = set()
        out: List[int] = []
        stack = list(reversed(starts))
        program = self.program
        while stack:
            pc = stack.pop()
            if pc in seen:
                continue
            seen.add(pc)
            budget[0] -= 1
            instruction = program[pc]
            kind = instruction[0]
            if kind == "jmp":
                stack.append(instruction[1])
            elif kind == "split":
                stack.append(instruction[2])
                stack.append(instruction[1])
            elif kind == "assert":
                if holds[pc]:
                    stack.append(pc + 1)
            else:
                out.append(pc)
        result = tuple(sorted(out))
        if len(self._closures) > self.CACHE_LIMIT:
            self._closures.clear()
        self._closures[key] = result
        return result

    def _step(self, current: Tuple[int, ...], ch: str, budget: List[int]) -> Tuple[int, ...]:
        key = (current, ch)
        cached = self._steps.get(key)
        if cached is not None:
            return cached
        program = self.program
        result = tuple(pc + 1 for pc in current if program[pc][0] == "char" and program[pc][1](ch))
        budget[0] -= len(current)
        if len(self._steps) > self.CACHE_LIMIT:
            self._steps.clear()
        self._steps[key] = result
        return result

    def decide(self, subject: str, mode: str) -> Optional[bool]:
        """True/False, or None when the step budget ran out."""
        budget = [MAX_STEPS]
        matches = self.matches
        size = len(subject)
        current = self._closure((0,), self._context(subject, 0), budget)
        for pos in range(size + 1):
            if budget[0] <= 0:
                return None
            check_module_budget()
            if not matches.isdisjoint(current):
                if mode != "fullmatch" or pos == size:
                    return True
            if pos == size:
                break
            following = self._step(current, subject[pos], budget)
            if mode == "search":
                following = following + (0,)
            current = self._closure(following, self._context(subject, pos + 1), budget)
            if not current and mode != "search":
                return False
        return False


@functools.lru_cache(maxsize=8192)
def parsed_pattern(pattern: str, flags: int = 0):
    """``re``'s parse tree of `pattern` (shared by the NFA compiler, the bounds and the
    witness reader; never modified), or None when it does not parse."""
    try:
        return _sre_parse.parse(pattern, flags)
    except (re.error, OverflowError, RecursionError, ValueError, TypeError):
        return None


@functools.lru_cache(maxsize=8192)
def compile_nfa(pattern: str, flags: int = 0) -> Optional[NfaProgram]:
    """The NFA for `pattern`, or None when it needs the fallback (or does not compile)."""
    if not _compiles(pattern, flags):
        return None
    parsed = parsed_pattern(pattern, flags)
    if parsed is None:
        return None
    all_flags = parsed.state.flags if hasattr(parsed, "state") else parsed.pattern.flags
    if all_flags & (re.LOCALE | getattr(re, "TEMPLATE", 0)):
        return None
    compiler = _Compiler(all_flags)
    try:
        compiler.compile_sequence(parsed, all_flags)
        compiler.emit(("match",))
    except (Unsupported, RecursionError):
        return None
    return NfaProgram(compiler.program)


# ----------------------------------------------------------------------------------
# Fallback: real `re` in a worker process with a deadline.
# ----------------------------------------------------------------------------------

_WORKER_SOURCE = r"""
import json, re, sys
for line in sys.stdin:
    request = json.loads(line)
    compiled = re.compile(request["pattern"], request["flags"])
    matcher = getattr(compiled, request["mode"])
    for subject in request["subjects"]:
        sys.stdout.write(json.dumps(matcher(subject) is not None) + "\n")
        sys.stdout.flush()
"""


_atexit_registered = False


def _register_once() -> None:
    global _atexit_registered
    _atexit_registered = True


def _die_with_parent() -> None:
    """In the regex process, before it runs: Linux sends it SIGKILL when its parent
    ends, however it ends (a worker killed, the run terminated), so a pattern caught in
    catastrophic backtracking never outlives the run."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except Exception:
        pass


class _Worker:
    """One long-lived `python -c` process; killed and forgotten when it overruns."""

    def __init__(self):
        self.lock = threading.Lock()
        self.process: Optional[subprocess.Popen] = None

    def _start(self) -> subprocess.Popen:
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-c", _WORKER_SOURCE], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, text=True, bufsize=1, env={"PYTHONHASHSEED": "0",
                                                                        "PATH": os.environ.get("PATH", "")},
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
            if not _atexit_registered:
                import atexit

                atexit.register(self._kill)
                _register_once()
        return self.process

    def ask(self, pattern: str, flags: int, mode: str, subjects: Sequence[str],
            seconds: float) -> List[Optional[bool]]:
        """Answers in order; None for every subject not answered before the deadline.

        Lines are read by a helper thread and handed over through a queue, because
        waiting on a pipe with a timeout is not portable (``select`` on pipes fails on
        Windows). On timeout the process is killed, which also ends the reader.
        """
        import json
        import queue

        answers: List[Optional[bool]] = [None] * len(subjects)
        with self.lock:
            try:
                process = self._start()
                assert process.stdin is not None and process.stdout is not None
                lines: "queue.Queue[str]" = queue.Queue()
                stdout = process.stdout

                def read(count: int = len(subjects)) -> None:
                    for _ in range(count):
                        line = stdout.readline()
                        lines.put(line)
                        if not line:
                            return

                reader = threading.Thread(target=read, daemon=True)
                reader.start()
                process.stdin.write(json.dumps({"pattern": pattern, "flags": flags, "mode": mode,
                                                "subjects": list(subjects)}) + "\n")
                process.stdin.flush()
                deadline = time.monotonic() + seconds
                for index in range(len(subjects)):
                    try:
                        line = lines.get(timeout=max(deadline - time.monotonic(), 0.0))
                    except queue.Empty:
                        self._kill()
                        break
                    if not line:
                        self._kill()
                        break
                    answers[index] = bool(json.loads(line))
                else:
                    reader.join()
            except (OSError, ValueError):
                self._kill()
            except BaseException:  # the module's time budget, a signal: never leave it running
                self._kill()
                raise
        return answers

    def _kill(self) -> None:
        if self.process is not None:
            try:
                self.process.kill()
                self.process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
            self.process = None


_WORKER = _Worker()


def forget_inherited_process() -> None:
    """In a forked worker: start a regex process of its own when one is needed."""
    _WORKER.process = None
    _WORKER.lock = threading.Lock()


def decide_many(pattern: str, subjects: Sequence[str], mode: str, ignore_case: bool = False,
                seconds: float = FALLBACK_SECONDS) -> List[Optional[bool]]:
    """For each subject: does `pattern` accept it (by `re`'s rules and `mode`)? None = undecided.

    Undecided means the pattern does not compile, or it needs the fallback and the
    fallback ran out of time.
    """
    if mode not in MODES:
        raise ValueError(mode)
    flags = re.IGNORECASE if ignore_case else 0
    if not _compiles(pattern, flags):
        return [None] * len(subjects)
    answers: List[Optional[bool]] = []
    pending: Dict[int, str] = {}
    direct = direct_matcher(pattern, flags, mode)
    program = compile_nfa(pattern, flags) if direct is None else None
    for index, subject in enumerate(subjects):
        check_module_budget()
        verdict = None
        if direct is not None:
            match, longest = direct
            if len(subject) <= longest:
                answers.append(match(subject) is not None)
                continue
        if program is None and direct is not None:
            program = compile_nfa(pattern, flags)
            direct = None
        if program is not None and (subject.isascii() or not ignore_case):
            verdict = program.decide(subject, mode)
            if verdict is None:
                limits.reached(f"the origin regex {pattern!r} needed more than {MAX_STEPS:,} steps on "
                               f"{subject!r}; it was left undecided")
        if verdict is None:
            pending[index] = subject
        answers.append(verdict)
    if pending:
        key = (pattern, flags)
        remaining = seconds - _FALLBACK_SPENT.get(key, 0.0)
        left = module_budget_left()
        if left is not None and left < remaining:  # never wait past the module's budget
            remaining = left
            check_module_budget()
        if remaining <= 0:
            return answers  # this pattern already used up its budget: undecided
        started = time.monotonic()
        slow = _WORKER.ask(pattern, flags, mode, list(pending.values()), remaining)
        _FALLBACK_SPENT[key] = _FALLBACK_SPENT.get(key, 0.0) + time.monotonic() - started
        check_module_budget()  # cut short by the module's budget: that is the finding, not a note
        for index, verdict in zip(pending, slow):
            answers[index] = verdict
        if any(answers[index] is None for index in pending):
            limits.reached(f"the origin regex {pattern!r} could not be evaluated within {seconds:g} s "
                           "(catastrophic backtracking); some origins were left undecided")
    return answers


# Above this many backtracking steps (a bound, see ``backtracking_bound``) a pattern is
# not given to ``re`` in this process.
DIRECT_LIMIT = 200_000

_SINGLE_CHARACTER = ("LITERAL", "NOT_LITERAL", "IN", "ANY")


@functools.lru_cache(maxsize=8192)
def backtracking_bound(pattern: str, flags: int = 0) -> Optional[Tuple["re.Pattern", int, int]]:
    """(compiled pattern, c, d) such that ``re``'s backtracking explores at most
    ``c * n**d`` paths, each at most ``n`` long, on a subject of ``n - 1`` characters;
    None when no such bound is evident (a repeat of anything but one character, back
    references, lookarounds...).

    Most origin patterns (``^https://([a-z0-9-]+\\.)?example\\.com$``) have a small
    bound, and then real ``re`` answers exactly and in microseconds, which the NFA
    simulation in Python cannot; everything else keeps going through the NFA or the
    fallback process, as before.
    """
    parsed = parsed_pattern(pattern, flags)
    if parsed is None or not _compiles(pattern, flags):
        return None
    compiled = _compiled(pattern, flags)

    def sequence(items, depth: int) -> Optional[Tuple[int, int]]:
        constant, degree = 1, 0
        for op, arg in items:
            bound = node(op, arg, depth)
            if bound is None:
                return None
            constant, degree = constant * bound[0], degree + bound[1]
            if constant > DIRECT_LIMIT or degree > 4:
                return None
        return constant, degree

    def node(op, arg, depth: int) -> Optional[Tuple[int, int]]:
        if depth > 40:
            return None
        name = _name(op)
        if name in _SINGLE_CHARACTER or name == "AT":
            return 1, 0
        if name == "SUBPATTERN":
            return sequence(arg[3], depth + 1)
        if name == "BRANCH":
            constant, degree = 0, 0
            for alternative in arg[1]:
                bound = sequence(alternative, depth + 1)
                if bound is None:
                    return None
                constant, degree = constant + bound[0], max(degree, bound[1])
            return constant, degree
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, high, sub = arg
            if high <= 1:
                bound = sequence(sub, depth + 1)
                return None if bound is None else (1 + bound[0], bound[1])
            if len(sub) == 1 and _name(sub[0][0]) in _SINGLE_CHARACTER:
                if high != C.MAXREPEAT and high - low < 64:
                    return high - low + 1, 0
                return 1, 1
        return None

    try:
        bound = sequence(parsed, 0)
    except RecursionError:
        return None
    if bound is None:
        return None
    return compiled, bound[0], bound[1]


@functools.lru_cache(maxsize=8192)
def direct_matcher(pattern: str, flags: int, mode: str) -> Optional[Tuple[Callable[[str], object], int]]:
    """(the compiled pattern's `mode` method, the longest subject it may be given) when
    real ``re`` answers within ``DIRECT_LIMIT`` backtracking steps on subjects up to that
    length (see ``backtracking_bound``); None when the pattern has no such bound.

    A caller that tries many subjects against one pattern checks the length and calls
    the method itself: the same verdict as ``decide``, without its per-call set-up."""
    bound = backtracking_bound(pattern, flags)
    if bound is None:
        return None
    compiled, constant, degree = bound
    exponent = degree + (2 if mode == "search" else 1)
    # A subject of n characters costs at most constant * (n + 1) ** exponent steps.
    positions = int((DIRECT_LIMIT / constant) ** (1 / exponent)) + 1
    while positions > 0 and constant * positions ** exponent > DIRECT_LIMIT:
        positions -= 1  # the float root may overshoot by one
    return getattr(compiled, mode), positions - 1


@functools.lru_cache(maxsize=8192)
def _compiled(pattern: str, flags: int) -> Optional["re.Pattern"]:
    """``re.compile`` with a cache larger than ``re``'s own (512 patterns)."""
    try:
        return re.compile(pattern, flags)
    except (re.error, OverflowError, RecursionError, ValueError, TypeError):
        return None


def _compiles(pattern: str, flags: int) -> bool:
    return _compiled(pattern, flags) is not None


def compiles(pattern: str, flags: int = 0) -> bool:
    """Whether `pattern` compiles, from the engine's cache (1,000 origin regexes overflow
    ``re``'s own cache of 512, so a second ``re.compile`` of each compiled it again)."""
    return _compiles(pattern, flags)


# Seconds of fallback time each (pattern, flags) has used in this process. The budget is
# per pattern, not per call: a linter asks about dozens of probes for one pattern, and a
# pathological pattern must cost FALLBACK_SECONDS once, not once per probe.
_FALLBACK_SPENT: Dict[Tuple[str, int], float] = {}


def decide(pattern: str, subject: str, mode: str, ignore_case: bool = False) -> Optional[bool]:
    return decide_many(pattern, [subject], mode, ignore_case)[0]


def uses_fast_engine(pattern: str, ignore_case: bool = False) -> bool:
    return compile_nfa(pattern, re.IGNORECASE if ignore_case else 0) is not None


@functools.lru_cache(maxsize=8192)
def required_literals(pattern: str, ignore_case: bool = False) -> Optional[Tuple[str, ...]]:
    """Lower-cased ASCII pieces that every string `pattern` matches contains (possibly
    none), or None when the pattern does not compile.

    Read from ``re``'s parse tree: runs of literal characters that are concatenated at
    the top level (or inside groups and mandatory repeats). Alternatives, optional
    parts, classes and lookarounds end a run and contribute nothing. Pieces are
    lower-cased, so the test holds whatever the case flags are, for an ASCII subject
    (``RegexIndex`` tries every pattern on a non-ASCII one).
    """
    parsed = parsed_pattern(pattern, re.IGNORECASE if ignore_case else 0)
    if parsed is None:
        return None
    runs: List[str] = []
    current: List[str] = []

    def flush() -> None:
        if current:
            runs.append("".join(current))
            current.clear()

    def walk(items, depth: int) -> None:
        if depth > 50:
            flush()
            return
        for op, arg in items:
            name = _name(op)
            if name == "LITERAL" and arg < 128:
                current.append(chr(arg).lower())
            elif name == "SUBPATTERN":
                walk(arg[3], depth + 1)
            elif name == "AT":
                continue  # zero-width: the characters around it stay adjacent
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                low, _high, sub = arg
                flush()
                if low >= 1:
                    walk(sub, depth + 1)
                    flush()
            else:
                flush()

    try:
        walk(parsed, 0)
    except RecursionError:
        return ()
    flush()
    return tuple(run for run in runs if run)
