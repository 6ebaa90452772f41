# The end of a probe round on this host: what arrived but was not read yet, and the kernel's own drop
# counters from before and after, so the runner can tell a host that dropped probes itself (a full
# accept queue, a full socket buffer) from a network that lost them.

COUNTER_FILES = ("netstat", "snmp")
COUNTERS = {}


def read_counters():
    """/proc/net/netstat and /proc/net/snmp of this process's network namespace, as text."""
    texts = {}
    for name in COUNTER_FILES:
        try:
            with open("/proc/self/net/" + name) as handle:
                texts[name] = handle.read(65536)
        except OSError:
            texts[name] = None
    return texts


def counters_start():
    """Once, when the host's part of the round begins (its receivers open or its probes start)."""
    if "before" not in COUNTERS:
        COUNTERS["before"] = read_counters()


DRAIN_TAGS = ("accept", "conn", "udp", "raw-udp", "raw-esp", "connect")


def drain():
    """Handles every socket that is ready now, without waiting: a nonce already in a receive buffer
    is evidence, however late this agent got to run."""
    handlers = {"accept": on_accept, "conn": on_conn, "udp": on_udp, "connect": on_connect}
    for _ in range(64):
        ready = [(obj, tag, data) for obj, (tag, data) in SEL.select(0) if tag in DRAIN_TAGS]
        if not ready:
            return
        for obj, tag, data in ready:
            if tag in ("raw-udp", "raw-esp"):
                on_raw(obj, tag)
            else:
                handlers[tag](obj, data)


def collect(cmd):
    drain()
    flush_seen()
    emit({"ev": "collected", "id": cmd.get("id"), "before": COUNTERS.get("before"), "after": read_counters()})
