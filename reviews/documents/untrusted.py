"""Reading an uploaded file in a separate process, inside limits on CPU time, memory and output.

A hostile PDF or Word file can make a reader spin, fill the memory or answer without end, and a
reader's bug is one a file can reach. So the web and background workers never parse an upload
themselves: `run` hands the bytes to a child process that applies its limits, reads, and sends
back plain data (JSON and raw bytes, never a pickle, which a subverted child could use to run code
in its parent). Children are forked from multiprocessing's fork server: a fresh interpreter
started once per worker with the readers already imported, so a child costs a few milliseconds
and inherits no database connection, lock or thread from the worker.

A limit reached is `LimitReached`, which names the limit in words; any other failure of the child
is `ReaderFailed`. Neither ever leaves a caller without an answer.
"""

import json
import multiprocessing
import re
import resource
import signal
import threading
from dataclasses import dataclass

# Imported once by the fork server, so each child starts with them loaded.
READERS = ["reviews.documents.disclosure", "reviews.documents.word_package"]
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one reading may use.

    The wall-clock allowance defaults to three times the processor time and 10 seconds, for a busy
    machine's waiting; a reading inside a request sets its own, shorter than the server's timeout.
    """

    cpu_seconds: int
    memory_bytes: int
    output_bytes: int
    wall: int | None = None

    @property
    def wall_seconds(self):
        return self.wall or self.cpu_seconds * 3 + 10


class LimitReached(Exception):
    """The reading stopped at one of its limits; `limit` is "cpu", "memory", "time" or "output"."""

    def __init__(self, limit, limits):
        self.limit = limit
        self.limits = limits
        super().__init__(describe_limit(limit, limits))


class ReaderFailed(Exception):
    """The child failed in a way no limit explains: a reader's error, or the child was stopped."""


def _size(count):
    return f"{count // MEGABYTE} MB" if count >= MEGABYTE else f"{max(count // 1024, 1)} KB"


def _seconds(count):
    return f"{count} second{'' if count == 1 else 's'}"


def describe_limit(limit, limits):
    """The limit in words, for a refusal staff read."""
    return {
        "cpu": f"reading it took more than the limit of {_seconds(limits.cpu_seconds)} of processor time",
        "time": f"reading it took more than the limit of {_seconds(limits.wall_seconds)}",
        "memory": f"reading it needed more than the memory limit of {_size(limits.memory_bytes)}",
        "output": f"reading it gave more than the output limit of {_size(limits.output_bytes)}",
    }[limit]


_context = None
_context_lock = threading.Lock()


def _fork_server():
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(READERS)
            _context = context
    return _context


def _address_space():
    with open("/proc/self/status") as status:
        size = re.search(r"^VmSize:\s+(\d+) kB", status.read(), re.MULTILINE)
    return int(size.group(1)) * 1024 if size else 0


def _split_blobs(value, blobs):
    """The result as JSON-ready data, with each bytes value moved to `blobs` and left as its index."""
    if isinstance(value, bytes | bytearray):
        blobs.append(bytes(value))
        return {"__blob__": len(blobs) - 1}
    if isinstance(value, dict):
        return {key: _split_blobs(item, blobs) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_split_blobs(item, blobs) for item in value]
    return value


def _join_blobs(value, blobs):
    if isinstance(value, dict):
        if set(value) == {"__blob__"}:
            return blobs[value["__blob__"]]
        return {key: _join_blobs(item, blobs) for key, item in value.items()}
    if isinstance(value, list):
        return [_join_blobs(item, blobs) for item in value]
    return value


def _child(connection, function, args, limits):
    """Runs in the child: set the limits, read, send the answer (or which limit stopped it)."""
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    ceiling = _address_space() + limits.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    blobs = []
    try:
        message = {"result": _split_blobs(function(*args), blobs)}
    except MemoryError:
        blobs, message = [], {"limit": "memory"}
    except Exception as error:
        blobs, message = [], {"error": f"{type(error).__name__}: {error}"[:300]}
    message["blobs"] = len(blobs)
    header = json.dumps(message).encode()
    if len(header) + sum(len(blob) for blob in blobs) > limits.output_bytes:
        blobs, header = [], json.dumps({"limit": "output", "blobs": 0}).encode()
    connection.send_bytes(header)
    for blob in blobs:
        connection.send_bytes(blob)
    connection.close()


def _stopped_by(exitcode, limits):
    if exitcode == -signal.SIGXCPU:
        raise LimitReached("cpu", limits)
    name = signal.Signals(-exitcode).name if exitcode and exitcode < 0 else f"exit status {exitcode}"
    raise ReaderFailed(f"the reader stopped unexpectedly ({name})")


def run(function, *args, limits):
    """`function(*args)` in a child process inside `limits`; its result, or why there is none.

    `function` lives in one of the READERS modules and returns JSON-ready data in which bytes
    may appear anywhere.
    """
    context = _fork_server()
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sending, function, args, limits), daemon=True)
    try:
        process.start()
    except OSError as error:
        # The child died as it started (multiprocessing re-imports the main script in each child:
        # a script must be importable, as multiprocessing asks of every program that uses it).
        receiving.close()
        raise ReaderFailed("the reading process could not start") from error
    finally:
        sending.close()
    try:
        if not receiving.poll(limits.wall_seconds):
            process.kill()
            raise LimitReached("time", limits)
        try:
            header = receiving.recv_bytes(limits.output_bytes)
            message = json.loads(header)
            budget, blobs = limits.output_bytes - len(header), []
            for _blob in range(message["blobs"]):
                blobs.append(receiving.recv_bytes(max(budget, 1)))
                budget -= len(blobs[-1])
        except EOFError:
            process.join()
            _stopped_by(process.exitcode, limits)
        except OSError as error:  # an answer longer than the budget
            process.kill()
            raise LimitReached("output", limits) from error
    finally:
        receiving.close()
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
    if "limit" in message:
        raise LimitReached(message["limit"], limits)
    if "error" in message:
        raise ReaderFailed(message["error"])
    return _join_blobs(message["result"], blobs)
