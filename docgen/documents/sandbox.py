"""The sandbox templates render in: a template can neither escape nor exhaust the machine.

Jinja's SandboxedEnvironment keeps a template from Python's internals (``''.__class__``); here
it is also kept from making a value, or a document, too large to hold, or from running for ever:

- ``*`` (``'x' * 10**9``), ``+``, ``~``, ``%`` and ``|format`` (``'%0999999999d'|format(1)``),
  ``str.format`` widths and the filters and methods that pad or repeat (``center``, ``indent``,
  ``replace``, ``join``, ``ljust``, ``zfill``, …) are refused before they would make text of
  more than MAX_TEXT_CHARS characters;
- a list, tuple, dict or set whose text (as ``{{ value }}``, ``|string`` or ``|tojson`` would
  write it) would pass MAX_TEXT_CHARS is refused as it is made (``[…] * n``, ``+``) or grown
  (``append``, ``extend``, ``update``, …): what Python then does with a value in one call
  (``repr``, ``sort``), where neither the deadline nor the watcher can stop it, stays short;
- ``**`` and ``*`` on numbers (``10**(10**9)``) before they would make a number of more than
  MAX_NUMBER_DIGITS digits;
- a document's XML is counted as it is written, and stopped past MAX_DOCUMENT_CHARS;
- a document's render is stopped after RENDER_SECONDS, by a deadline each operation looks at
  and, for a loop that does nothing else, an exception sent into the rendering thread by the
  process's one watcher thread (signals cannot be used: a worker may render in any thread, on
  any system);
- a render may take at most MAX_RENDER_MEMORY bytes of memory more than its process held before
  it (:func:`memory_limit`: an address-space limit, on Linux; elsewhere only the size limits
  hold), so that a list doubled by ``extend`` fails its document, not the machine.

Each refusal is a :class:`LimitError` saying the limit; the renderer adds the template and the
tag (docgen/documents/prepared.py).
"""

from __future__ import annotations

import ctypes
import math
import os
import re
import string
import threading
import time
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import jinja2.debug  # noqa: F401 - imported now, not in the middle of a stopped render
from jinja2 import filters as jinja_filters
from jinja2 import pass_environment, pass_eval_context
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.nodes import Concat
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import Namespace

from docgen.i18n import _

MAX_TEXT_CHARS = 10_000_000
"""The most characters one value of a template may have (a document is some 100 000)."""
MAX_DOCUMENT_CHARS = 50_000_000
"""The most characters of XML one document may have."""
MAX_NUMBER_DIGITS = 4_300
"""The most digits of a number a template computes (Python's own limit for printing one)."""
RENDER_SECONDS = 30.0
"""The longest one document may take to render (they take hundredths of a second)."""
MAX_RENDER_MEMORY = 1 << 30
"""The most memory, in bytes, one render may take beyond what its process held before it (a
document takes a few megabytes)."""

_BITS_PER_DIGIT = math.log2(10)


def _grouped(n: int | float) -> str:
    return f"{int(n):,}".replace(",", " ")


class LimitError(Exception):
    """A template would exceed one of the limits; ``hint`` is the operator or filter that would,
    to find its tag."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


class RenderTimeout(Exception):
    """A document's render ran past its deadline."""


def too_long(chars: int, hint: str) -> LimitError:
    return LimitError(
        _("would make text of {chars} characters, above the limit of {limit}").format(
            chars=_grouped(chars), limit=_grouped(MAX_TEXT_CHARS)
        ),
        hint,
    )


def _width_from_value(example: str) -> str:
    return _("takes a width from a value ({example}), which templates may not").format(
        example=example
    )


def _check_chars(chars: int, hint: str) -> None:
    if chars > MAX_TEXT_CHARS:
        raise too_long(chars, hint)


def _check_digits(bits: float, hint: str) -> None:
    digits = bits / _BITS_PER_DIGIT
    if digits > MAX_NUMBER_DIGITS:
        raise LimitError(
            _("would make a number of {digits} digits, above the limit of {limit}").format(
                digits=_grouped(digits), limit=_grouped(MAX_NUMBER_DIGITS)
            ),
            hint,
        )


def _sized(value: Any) -> bool:
    return isinstance(value, str | list | tuple | bytes)


_CONTAINERS = (list, tuple, set, frozenset)
_SCALARS = {int, bool, float, type(None)}


def text_size(value: Any, most: int | None = None) -> int:
    """At least the characters of a value's text, as ``repr`` writes it (a container's brackets
    and separators, a character for each number, an object of the context one); counted only
    until it passes ``most`` (MAX_TEXT_CHARS by default), so that a value too large is measured
    quickly."""
    most = MAX_TEXT_CHARS if most is None else most
    size = 0
    stack = [value]
    while stack and size <= most:
        item = stack.pop()
        if isinstance(item, str | bytes):
            size += len(item)
        elif isinstance(item, Namespace):
            stack.append(object.__getattribute__(item, "_Namespace__attrs"))
        elif isinstance(item, dict):
            size += 2 + 4 * len(item)
            if size <= most:
                stack.extend(item.keys())
                stack.extend(item.values())
        elif isinstance(item, _CONTAINERS):
            size += 2 + 2 * len(item)
            if size > most:
                break
            kinds = set(map(type, item))  # a list of numbers or of texts: counted at C's speed
            if kinds <= _SCALARS:
                size += len(item)
            elif kinds <= {str}:
                size += sum(map(len, item))
            else:
                stack.extend(item)
        else:
            size += 1
    return size


def _check_text_size(value: Any, hint: str, times: int = 1) -> None:
    """``value``, made ``times`` over, would have text within MAX_TEXT_CHARS."""
    if times > 0 and text_size(value, MAX_TEXT_CHARS // times) * times > MAX_TEXT_CHARS:
        raise too_large(hint)


def too_large(hint: str) -> LimitError:
    return LimitError(
        _("would make a value of more than {limit} characters as text, the limit").format(
            limit=_grouped(MAX_TEXT_CHARS)
        ),
        hint,
    )


def _check_repeat(left: Any, right: Any) -> None:
    """``left * right``: a text or list repeated, or a product of numbers."""
    for seq, n in ((left, right), (right, left)):
        if _sized(seq) and isinstance(n, int):
            if isinstance(seq, list | tuple):
                _check_text_size(seq, "*", n)
            else:
                _check_chars(len(seq) * n, "*")
            return
    if isinstance(left, int) and isinstance(right, int):
        _check_digits(abs(left).bit_length() + abs(right).bit_length(), "*")


def _check_power(base: Any, exponent: Any) -> None:
    if isinstance(base, int) and isinstance(exponent, int) and abs(base) > 1 and exponent > 0:
        _check_digits(exponent * math.log2(abs(base)), "**")


# A %-format's conversion: flags, width, precision (printf style).
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")
_SPEC_NUMBERS = re.compile(r"\d+")


def _check_percent(text: str, hint: str) -> None:
    """A %-format's widths and precisions (``%0999999999d``); ``*`` takes one from a value."""
    for width, precision in _PERCENT.findall(text):
        for number in (width, precision):
            if number == "*":
                raise LimitError(_width_from_value("%*d"), hint)
            if number:
                _check_chars(int(number), hint)


def _check_format_spec(text: str, hint: str) -> None:
    """``str.format`` widths (``'{:0999999999}'.format(1)``)."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # str.format reports it
    for _text, _field, spec, _conversion in fields:
        if not spec:
            continue
        if "{" in spec:
            raise LimitError(_width_from_value("{:{}}"), hint)
        for number in _SPEC_NUMBERS.findall(spec):
            _check_chars(int(number), hint)


def _width(value: Any) -> int:
    return value if isinstance(value, int) else len(value) if isinstance(value, str) else 0


# str methods whose result can be far longer than their text: the bound of their result's length.
_STR_METHODS: dict[str, Callable[..., int]] = {
    "center": lambda s, width=0, *_: max(len(s), _width(width)),
    "ljust": lambda s, width=0, *_: max(len(s), _width(width)),
    "rjust": lambda s, width=0, *_: max(len(s), _width(width)),
    "zfill": lambda s, width=0, *_: max(len(s), _width(width)),
    "expandtabs": lambda s, tabsize=8, *_: len(s) + s.count("\t") * max(_width(tabsize), 0),
    "replace": lambda s, old="", new="", count=-1, *_: (
        len(s) + max(len(new) - len(old), 0) * (s.count(old) if old else len(s) + 1)
    ),
    "join": lambda s, items=(), *_: _joined(s, items),
}


# Methods that grow a container: the index of the argument that holds the new items, and whether
# it holds many (extend) or is one (append).
_GROWING: dict[tuple[type, str], tuple[int, bool]] = {
    (list, "append"): (0, False),
    (list, "insert"): (1, False),
    (list, "extend"): (0, True),
    (set, "add"): (0, False),
    (set, "update"): (0, True),
    (dict, "update"): (0, True),
    (dict, "setdefault"): (1, False),
}


def _check_growth(container: Any, method: str, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """A container grown by a method: each new item's text times the container's new length
    within MAX_TEXT_CHARS (so that its whole text stays within some 17 times it: item i is at
    most MAX_TEXT_CHARS / i). The arguments to call it with (new items given by an iterator
    are counted from a list of them, which the method is then given)."""
    kind = next((k for k in (list, set, dict) if isinstance(container, k)), None)
    spec = _GROWING.get((kind, method)) if kind is not None else None
    if spec is None or len(args) <= spec[0]:
        return args
    position, many = spec
    added = args[position]
    if many and not hasattr(added, "__len__"):
        added = list(added)
        args = (*args[:position], added, *args[position + 1 :])
    count = len(added) if many else 1
    length = len(container) + count
    if length > MAX_TEXT_CHARS:
        raise too_large(method)
    _check_text_size(added, method, max(length // max(count, 1), 1))
    return args


def _joined(separator: str, items: Any) -> int:
    items = list(items) if not isinstance(items, list | tuple) else items
    return sum(len(i) if isinstance(i, str) else 0 for i in items) + len(separator) * len(items)


def _limited_filters() -> dict[str, Callable[..., Any]]:
    """Jinja's filters that pad, repeat or join, each refusing a result above the limit first."""

    def format_(value: Any, *args: Any, **kwargs: Any) -> str:
        _check_percent(str(value), "format")
        return jinja_filters.do_format(value, *args, **kwargs)

    def center(value: Any, width: int = 80) -> str:
        _check_chars(_width(width), "center")
        return jinja_filters.do_center(value, width)

    def indent(value: Any, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
        lines = str(value).count("\n") + 1
        _check_chars(len(str(value)) + lines * _width(width), "indent")
        return jinja_filters.do_indent(value, width, first, blank)

    @pass_eval_context
    def replace(eval_ctx: Any, value: Any, old: str, new: str, count: int | None = None) -> str:
        text = str(value)
        _check_chars(_STR_METHODS["replace"](text, str(old), str(new)), "replace")
        return jinja_filters.do_replace(eval_ctx, value, old, new, count)

    @pass_eval_context
    def join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> str:
        items = list(value)
        _check_chars(sum(len(str(i)) for i in items) + len(d) * len(items), "join")
        return jinja_filters.do_join(eval_ctx, items, d, attribute)

    @pass_environment
    def wordwrap(environment: Any, s: str, width: int = 79, *args: Any, **kwargs: Any) -> str:
        wrap = kwargs.get("wrapstring") or (args[1] if len(args) > 1 else None) or "\n"
        _check_chars(len(s) + (len(s) // max(int(width), 1) + 1) * len(str(wrap)), "wordwrap")
        return jinja_filters.do_wordwrap(environment, s, width, *args, **kwargs)

    return {
        "format": format_,
        "center": center,
        "indent": indent,
        "replace": replace,
        "join": join,
        "wordwrap": wordwrap,
    }


class _LimitedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with ``a ~ b`` through :meth:`LimitedEnvironment.concat_parts`
    (Jinja has no hook for it) so that a text doubled again and again is refused in time."""

    @optimizeconst
    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.concat_parts((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("), context.eval_ctx.autoescape)")


class LimitedEnvironment(SandboxedEnvironment):
    """A SandboxedEnvironment with limits of size and time (see the module's docstring)."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _LimitedCodeGenerator

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters.update(_limited_filters())
        self._deadline = threading.local()

    # --- time ---

    @contextmanager
    def deadline(self, seconds: float) -> Iterator[None]:
        """Stop what renders inside this block after ``seconds``: RenderTimeout."""
        self._deadline.current = deadline = _Deadline(seconds)
        try:
            yield
        finally:
            self._deadline.current = None
            deadline.close()

    def _tick(self) -> None:
        deadline = getattr(self._deadline, "current", None)
        if deadline is not None:
            deadline.check()

    # --- the hooks of the sandbox ---

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self._tick()
        if operator == "*":
            _check_repeat(left, right)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "%" and isinstance(left, str):
            _check_percent(left, "%")
        elif operator == "+" and _sized(left) and _sized(right):
            if isinstance(left, list | tuple) and isinstance(right, list | tuple):
                if text_size(left) + text_size(right) > MAX_TEXT_CHARS:
                    raise too_large("+")
            else:
                _check_chars(len(left) + len(right), "+")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self._tick()
        if isinstance(__obj, types.BuiltinMethodType) and isinstance(__obj.__self__, str):
            bound = _STR_METHODS.get(__obj.__name__)
            if bound is not None:
                try:
                    chars = bound(__obj.__self__, *args, **kwargs)
                except TypeError:
                    chars = 0  # wrong arguments: the method says so itself
                _check_chars(chars, __obj.__name__)
        elif isinstance(__obj, types.BuiltinMethodType) and __obj.__self__ is not None:
            args = _check_growth(__obj.__self__, __obj.__name__, args)
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self._tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self._tick()
        return super().getitem(obj, argument)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapper = super().wrap_str_format(value)
        if wrapper is not None:
            _check_format_spec(value.__self__, "format")
        return wrapper

    def concat_parts(self, parts: tuple[Any, ...], autoescape: bool) -> str:
        """``a ~ b ~ …`` as Jinja joins them, once their length is known to be allowed."""
        self._tick()
        _check_chars(sum(len(p) if isinstance(p, str) else len(str(p)) for p in parts), "~")
        return markup_join(parts) if autoescape else str_join(parts)


class _Deadline:
    """A render's deadline: the sandbox's hooks look at it (:meth:`check`), and the process's
    watcher (:class:`_Watcher`) sends RenderTimeout into the rendering thread, wherever its
    Python code is (a loop that calls nothing else included), shortly after it (CPython's
    PyThreadState_SetAsyncExc; elsewhere only the hooks stop a render). Only one of the two
    raises."""

    GRACE = 0.2  # seconds the watcher leaves the hooks to notice first

    def __init__(self, seconds: float):
        self.at = time.monotonic() + seconds
        self.send_at = self.at + self.GRACE
        self._lock = threading.Lock()
        self._live = True
        self._sent = False
        self._thread = threading.get_ident()
        if _SET_ASYNC is not None:
            _watcher.add(self)

    def check(self) -> None:
        if time.monotonic() > self.at:
            with self._lock:
                was_live, self._live = self._live, False
            if was_live:
                raise RenderTimeout()

    def send(self) -> None:
        """In the watcher's thread: the deadline has passed."""
        with self._lock:
            if self._live:
                self._live = False
                self._sent = True
                _SET_ASYNC(ctypes.c_ulong(self._thread), ctypes.py_object(RenderTimeout))

    def close(self) -> None:
        with self._lock:
            self._live = False
        if _SET_ASYNC is not None:
            _watcher.remove(self)
        if self._sent:  # not delivered yet: it must not land after the render
            _SET_ASYNC(ctypes.c_ulong(self._thread), None)


_SET_ASYNC = getattr(getattr(ctypes, "pythonapi", None), "PyThreadState_SetAsyncExc", None)


class _Watcher:
    """One thread per process that stops the renders past their deadline, started with the
    process's first render and sleeping until the earliest deadline. (A threading.Timer per
    render cost a thread's start and end for every document, about 1 ms: the example's 451
    documents rendered in one process in 1.27 s with a timer each, 0.81 s with the watcher.)
    A forked process starts its own when it renders (threads are not forked)."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._condition = threading.Condition(threading.Lock())
        self._deadlines: set[_Deadline] = set()
        self._thread: threading.Thread | None = None
        self._waiting_until = math.inf  # the moment the thread wakes up at

    def add(self, deadline: _Deadline) -> None:
        with self._condition:
            self._deadlines.add(deadline)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._watch, name="docgen-render-deadlines", daemon=True
                )
                self._thread.start()
            elif deadline.send_at < self._waiting_until:
                self._condition.notify()

    def remove(self, deadline: _Deadline) -> None:
        with self._condition:  # the thread, woken at its time, finds it gone
            self._deadlines.discard(deadline)

    def _watch(self) -> None:
        with self._condition:
            while True:
                now = time.monotonic()
                for deadline in [d for d in self._deadlines if d.send_at <= now]:
                    self._deadlines.discard(deadline)
                    deadline.send()
                self._waiting_until = min((d.send_at for d in self._deadlines), default=math.inf)
                wait = self._waiting_until - now
                self._condition.wait(None if wait == math.inf else wait)


_watcher = _Watcher()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_watcher._reset)


try:
    import resource
except ImportError:  # Windows: no address-space limit; the size limits still hold
    resource = None  # type: ignore[assignment]

_STATM = "/proc/self/statm"
_memory_lock = threading.Lock()
_memory_users = 0  # renders running in this process under the limit
_memory_before: tuple[int, int] | None = None  # the limit that held before the first of them


def _address_space() -> int | None:
    """The bytes of address space this process holds now (Linux), or None."""
    try:
        with open(_STATM, encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def memory_limit() -> Iterator[None]:
    """Within this block, this process may take at most MAX_RENDER_MEMORY bytes of address
    space more than it holds on entering: past it an allocation raises MemoryError (which the
    renderer reports as the memory limit), and the process lives on. Renders in several threads
    share the limit set by the first of them; the last one out restores the one before."""
    global _memory_users, _memory_before
    with _memory_lock:
        if _memory_users == 0:
            _memory_before = _set_memory_limit()
        _memory_users += 1
    try:
        yield
    finally:
        with _memory_lock:
            _memory_users -= 1
            if _memory_users == 0 and _memory_before is not None:
                resource.setrlimit(resource.RLIMIT_AS, _memory_before)
                _memory_before = None


def _set_memory_limit() -> tuple[int, int] | None:
    """Limit the address space to what is held now plus MAX_RENDER_MEMORY (never above the
    limit already set); the limit that held before, or None where none can be set."""
    held = _address_space()
    if resource is None or held is None:
        return None
    before = resource.getrlimit(resource.RLIMIT_AS)
    soft, hard = before
    limit = held + MAX_RENDER_MEMORY
    if soft != resource.RLIM_INFINITY and soft <= limit:
        return None  # a stricter limit holds already
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        return None
    return before
