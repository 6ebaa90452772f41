# swarm-preflight remote agent: its core (imports, JSON, the poller, event output).
#
# The agent is one script made of the files beside this one, joined in the order of AGENT_PARTS
# (bootstrap.ts), and run in one namespace: names defined here are used by the other parts.
# Streamed over the SSH channel's stdin and run from memory: nothing is installed or written to disk.
# Standard library only, Python 3.6+. It speaks JSON lines: commands on stdin, events on stdout.
# It ends by itself when its deadline passes, when stdin closes (the runner or the SSH connection went
# away), on SIGTERM/SIGHUP, or on a "stop" command, and closes every socket it opened on the way out.
#
# It starts on every host of a run at once, so start-up cost is paid many times over: it imports the
# C modules directly (socket.py, signal.py, selectors and json pull in enum and re, which doubles the
# interpreter's start-up; os.py and struct.py add 2 ms more), runs single-threaded, and writes its
# events in one write per loop turn.
import errno
import posix
import select
import sys
import time
import _signal as signal
import _socket as socket
import _struct as struct

MAGIC = b"SPF1 "
ESP_PROTO = 50


# ---------------------------------------------------------------- JSON through the C accelerator

def _json_codec():
    try:
        import _json

        class Context(object):
            strict = True
            object_hook = None
            object_pairs_hook = None
            parse_float = float
            parse_int = int
            parse_constant = float
            memo = {}

        def no_default(value):
            raise TypeError("not JSON: %r" % (value,))

        scan = _json.make_scanner(Context())
        encode = _json.make_encoder(None, no_default, _json.encode_basestring_ascii, None, ":", ",",
                                    False, False, True)

        def loads(text):
            value, end = scan(text, 0)
            if text[end:].strip():
                raise ValueError("trailing data")
            return value

        def dumps(value):
            return "".join(encode(value, 0))

        if loads(dumps({"a": [1, None, True, "\u00e9"]})) == {"a": [1, None, True, "\u00e9"]}:
            return loads, dumps
    except Exception:  # an interpreter without the accelerator, or one whose API changed
        pass
    import json
    return json.loads, lambda value: json.dumps(value, separators=(",", ":"))


json_loads, json_dumps = _json_codec()


# ---------------------------------------------------------------- event loop plumbing

class Poller(object):
    """epoll with a payload per descriptor (what selectors gives, without importing it)."""
    READ = select.EPOLLIN
    WRITE = select.EPOLLOUT

    def __init__(self):
        self.epoll = select.epoll()
        self.entries = {}

    def register(self, obj, events, data):
        fd = obj if isinstance(obj, int) else obj.fileno()
        self.epoll.register(fd, events)
        self.entries[fd] = (obj, data)

    def unregister(self, obj):
        fd = obj if isinstance(obj, int) else obj.fileno()
        if self.entries.pop(fd, None) is not None:
            try:
                self.epoll.unregister(fd)
            except (OSError, ValueError):
                pass

    def select(self, timeout):
        ready = []
        for fd, _ in self.epoll.poll(timeout):
            entry = self.entries.get(fd)
            if entry is not None:
                ready.append(entry)
        return ready


SEL = Poller()
STATE = {"deadline": time.monotonic() + 60, "stopping": False}
OUT = []


def emit(event):
    """Queued; the loop writes everything queued in one write, so a burst of events costs sshd one
    wake-up and the connection one packet instead of one each."""
    OUT.append(json_dumps(event))


# Events gathered over a loop turn (probes seen, probe results) and emitted as one event each turn:
# functions that queue their batch, called before every write.
BATCHES = []


def flush_out():
    for flush in BATCHES:
        flush()
    if not OUT or STATE.get("unread"):
        return
    data = ("\n".join(OUT) + "\n").encode("utf-8")
    del OUT[:]
    view = memoryview(data)
    while view:
        try:
            view = view[posix.write(1, view):]
        except BlockingIOError:
            select.select([], [1], [], 1.0)
        except OSError:
            STATE["unread"] = True  # nobody reads any more: the runner is gone
            shutdown(0)


def errname(err):
    code = getattr(err, "errno", None)
    return errno.errorcode.get(code, str(err)) if code else str(err)
