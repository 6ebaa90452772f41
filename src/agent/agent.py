# swarm-preflight remote agent.
#
# Streamed over the SSH channel's stdin and run from memory: nothing is installed or written to disk.
# Standard library only, Python 3.6+. It speaks JSON lines: commands on stdin, events on stdout.
# It ends by itself when its deadline passes, when stdin closes (the runner or the SSH connection went
# away), on SIGTERM/SIGHUP, or on a "stop" command, and closes every socket it opened on the way out.
import errno
import json
import os
import selectors
import signal
import socket
import struct
import sys
import time

MAGIC = b"SPF1 "
ESP_PROTO = 50


class _Lock:
    """Stands in for a threading lock until an exec thread exists (threading is imported lazily)."""
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


OUT_LOCK = _Lock()
SEL = selectors.DefaultSelector()
CHILDREN = []
STATE = {"deadline": time.monotonic() + 60, "stopping": False}


def emit(event):
    line = json.dumps(event, separators=(",", ":")) + "\n"
    with OUT_LOCK:
        try:
            sys.stdout.write(line)
            sys.stdout.flush()
        except (BrokenPipeError, OSError):
            shutdown(0)


def now_ms():
    return int(time.monotonic() * 1000)


def errname(err):
    code = getattr(err, "errno", None)
    return errno.errorcode.get(code, str(err)) if code else str(err)


# ---------------------------------------------------------------- port owners (read-only /proc scan)

def _proc_sockets(proto):
    """Local port -> socket inodes for bound UDP or listening TCP sockets, IPv4 and IPv6."""
    found = {}
    for name in (proto, proto + "6"):
        try:
            with open("/proc/net/" + name) as handle:
                next(handle)
                for row in handle:
                    cols = row.split()
                    port = int(cols[1].rsplit(":", 1)[1], 16)
                    state = cols[3]
                    if proto == "tcp" and state != "0A":
                        continue
                    found.setdefault(port, []).append(int(cols[9]))
        except (OSError, IndexError, ValueError, StopIteration):
            pass
    return found


def _owner_of_inodes(inodes):
    wanted = set("socket:[%d]" % i for i in inodes if i)
    if not wanted:
        return {"pid": None, "comm": "kernel"} if inodes else None
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        fd_dir = "/proc/%s/fd" % pid
        try:
            for fd in os.listdir(fd_dir):
                try:
                    if os.readlink(fd_dir + "/" + fd) in wanted:
                        with open("/proc/%s/comm" % pid) as handle:
                            return {"pid": int(pid), "comm": handle.read().strip()}
                except OSError:
                    continue
        except OSError:
            continue
    # Root sees every process's descriptors, so a socket nobody holds is the kernel's own (the VXLAN
    # device's socket); without root other users' descriptors are hidden.
    if os.geteuid() == 0:
        return {"pid": None, "comm": "kernel"}
    return {"pid": None, "comm": "unknown (not visible without root)"}


def port_owner(proto, port):
    inodes = _proc_sockets(proto).get(port)
    return _owner_of_inodes(inodes) if inodes else None


# ---------------------------------------------------------------- receivers

SEEN = set()


def report_seen(proto, port, payload, src, via):
    at = payload.find(MAGIC)
    if at < 0:
        return
    nonce = payload[at + len(MAGIC):at + len(MAGIC) + 32].split(b"\n")[0].strip().decode("ascii", "replace")
    key = (proto, port, nonce)
    if not nonce or key in SEEN:
        return
    SEEN.add(key)
    emit({"ev": "seen", "proto": proto, "port": port, "nonce": nonce, "src": src, "via": via})


RCVBUF = 4 * 1024 * 1024


def big_rcvbuf(sock):
    """A burst from every peer at once (full-size frames in the path-MTU round) must not overflow the
    socket: a datagram dropped by our own buffer would read as a network loss."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_RCVBUFFORCE", 33), RCVBUF)
    except OSError:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RCVBUF)
        except OSError:
            pass


class Receivers:
    def __init__(self):
        self.raw_udp_ports = set()
        self.raw_udp = None
        self.raw_esp = None
        self.sockets = []

    def bind_tcp(self, port):
        self._bind(socket.SOCK_STREAM, port, "accept")

    def bind_udp(self, port):
        self._bind(socket.SOCK_DGRAM, port, "udp")

    def _bind(self, kind, port, tag):
        sock = socket.socket(socket.AF_INET, kind)
        if kind == socket.SOCK_STREAM:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        else:
            big_rcvbuf(sock)
        try:
            sock.bind(("0.0.0.0", port))
            if kind == socket.SOCK_STREAM:
                sock.listen(128)
        except OSError:
            sock.close()
            raise
        sock.setblocking(False)
        self.sockets.append(sock)
        SEL.register(sock, selectors.EVENT_READ, (tag, port))

    def watch_raw_udp(self, port):
        # A raw IP socket gets its copy after the INPUT firewall and even while another socket owns
        # the port; AF_PACKET would see packets the firewall then drops, so it is never used.
        if self.raw_udp is None:
            self.raw_udp = self._raw(socket.IPPROTO_UDP, "raw-udp")
        self.raw_udp_ports.add(port)

    def watch_esp(self):
        if self.raw_esp is None:
            self.raw_esp = self._raw(ESP_PROTO, "raw-esp")

    def _raw(self, proto, tag):
        sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, proto)
        big_rcvbuf(sock)
        sock.setblocking(False)
        self.sockets.append(sock)
        SEL.register(sock, selectors.EVENT_READ, (tag, 0))
        return sock

    def close(self):
        for sock in self.sockets:
            try:
                SEL.unregister(sock)
            except (KeyError, ValueError):
                pass
            sock.close()
        self.sockets = []


RECEIVERS = Receivers()


def on_accept(sock, port):
    try:
        conn, _ = sock.accept()
    except OSError:
        return
    conn.setblocking(False)
    RECEIVERS.sockets.append(conn)
    SEL.register(conn, selectors.EVENT_READ, ("conn", (port, conn.getpeername()[0], bytearray())))


def on_conn(conn, data):
    port, src, buf = data
    try:
        chunk = conn.recv(128)
    except OSError:
        chunk = b""
    buf.extend(chunk)
    if chunk and b"\n" not in buf and len(buf) < 128:
        return
    report_seen("tcp", port, bytes(buf), src, "socket")
    SEL.unregister(conn)
    RECEIVERS.sockets.remove(conn)
    conn.close()


def on_udp(sock, port):
    for _ in range(256):
        try:
            payload, addr = sock.recvfrom(65535)
        except OSError:
            return
        report_seen("udp", port, payload, addr[0], "socket")


def on_raw(sock, tag):
    for _ in range(256):
        try:
            packet = sock.recv(65535)
        except OSError:
            return
        if len(packet) < 20 or MAGIC not in packet:
            continue
        ihl = (packet[0] & 0x0F) * 4
        src = socket.inet_ntoa(packet[12:16])
        if tag == "raw-esp":
            report_seen("esp", 0, packet[ihl:], src, "raw")
            continue
        if len(packet) < ihl + 8:
            continue
        dport = struct.unpack("!H", packet[ihl + 2:ihl + 4])[0]
        if dport in RECEIVERS.raw_udp_ports:
            report_seen("udp", dport, packet[ihl + 8:], src, "raw")


def listen(cmd):
    mode = cmd.get("mode", "auto")
    is_root = os.geteuid() == 0
    items = []
    for proto in ("tcp", "udp"):
        for port in cmd.get(proto, []):
            items.append(open_receiver(proto, int(port), mode, is_root))
    if cmd.get("esp"):
        item = {"proto": "esp", "port": 0}
        if not is_root:
            item.update(how="error", kind="needs-root", error="needs root to observe ESP (IP protocol 50)")
        else:
            try:
                RECEIVERS.watch_esp()
                item["how"] = "raw"
            except OSError as err:
                item.update(how="error", kind="agent", error="raw ESP socket: " + errname(err))
        items.append(item)
    emit({"ev": "listening", "items": items})


def open_receiver(proto, port, mode, is_root):
    item = {"proto": proto, "port": port}
    if mode != "live":
        try:
            (RECEIVERS.bind_tcp if proto == "tcp" else RECEIVERS.bind_udp)(port)
            item["how"] = "bound"
            return item
        except OSError as err:
            if err.errno != errno.EADDRINUSE:
                item.update(how="error", kind="agent", error="bind %s/%d: %s" % (proto, port, errname(err)))
                return item
    owner = port_owner(proto, port)
    item["owner"] = owner
    if mode == "pre":
        item.update(how="error", kind="port-in-use",
                    error="%d/%s is in use by %s; use --mode live or auto" % (port, proto, describe(owner)))
        return item
    if proto == "tcp":
        # Live TCP: the real listener answers the connect; nothing to open here.
        item["how"] = "live"
        return item
    if not is_root:
        item.update(how="error", kind="needs-root", error="needs root to observe %d/udp while %s holds it"
                    % (port, describe(owner)))
        return item
    try:
        RECEIVERS.watch_raw_udp(port)
        item["how"] = "raw"
    except OSError as err:
        item.update(how="error", kind="agent", error="raw UDP socket: " + errname(err))
    return item


def describe(owner):
    if not owner:
        return "nothing"
    if owner.get("pid") is None:
        return owner.get("comm", "the kernel")
    return "%s (pid %d)" % (owner["comm"], owner["pid"])


# ---------------------------------------------------------------- senders

PROBES = {}


def payload_for(item):
    body = MAGIC + item["nonce"].encode("ascii") + b"\n"
    if item["proto"] == "esp":
        # SPI and sequence number first, so the receiver's IPsec stack drops it as "no SA".
        return struct.pack("!II", 0x5350F100, 1) + body
    if item.get("vxlan"):
        # A VXLAN header with VNI 0, which overlays never use: the kernel's vxlan socket drops it.
        return struct.pack("!BBBBI", 0x08, 0, 0, 0, 0) + body
    return body


def probe(cmd):
    timeout_s = max(0.2, cmd.get("timeoutMs", 2000) / 1000.0)
    for item in cmd.get("items", []):
        PROBES[item["id"]] = item
        item["start"] = time.monotonic()
        if item["proto"] == "tcp":
            start_tcp(item, timeout_s)
        else:
            send_datagram(item)


def start_tcp(item, timeout_s):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    item["sock"] = sock
    item["expires"] = time.monotonic() + timeout_s
    code = sock.connect_ex((item["addr"], int(item["port"])))
    if code not in (0, errno.EINPROGRESS):
        finish_tcp(item, code)
        return
    SEL.register(sock, selectors.EVENT_WRITE, ("connect", item))


def finish_tcp(item, code):
    sock = item.pop("sock", None)
    if sock is None:
        return
    try:
        SEL.unregister(sock)
    except (KeyError, ValueError):
        pass
    if code == 0:
        outcome = "connected"
        if item.get("send"):
            try:
                sock.send(payload_for(item))
            except OSError:
                pass
    elif code == "timeout":
        outcome = "timeout"
    elif code == errno.ECONNREFUSED:
        outcome = "refused"
    elif code in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EACCES, errno.EPERM):
        outcome = "unreachable"
    else:
        outcome = "error"
    ms = int((time.monotonic() - item["start"]) * 1000)
    emit({"ev": "result", "id": item["id"], "outcome": outcome, "ms": ms,
          "errno": None if code in (0, "timeout") else errno.errorcode.get(code, str(code))})
    sock.close()


def on_connect(sock, item):
    finish_tcp(item, sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))


def send_datagram(item):
    try:
        if item["proto"] == "esp":
            sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, ESP_PROTO)
            sock.sendto(payload_for(item), (item["addr"], 0))
            sock.close()
            err = None
        else:
            sock = item.get("udp")
            if sock is None:
                # Connected, so an ICMP port-unreachable comes back as ECONNREFUSED: evidence of REJECT.
                sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                sock.setblocking(False)
                sock.connect((item["addr"], int(item["port"])))
                item["udp"] = sock
                SEL.register(sock, selectors.EVENT_READ, ("udp-sender", item))
            sock.send(payload_for(item))
            err = None
    except OSError as exc:
        err = errname(exc)
        if exc.errno in (errno.EPERM, errno.EACCES) and item["proto"] == "esp":
            err = "needs-root"
    item["sent"] = item.get("sent", 0) + (0 if err else 1)
    emit({"ev": "sent", "id": item["id"], "count": item["sent"], "error": err,
          "ms": int((time.monotonic() - item["start"]) * 1000)})


def on_udp_sender(sock, item):
    try:
        sock.recv(2048)
    except OSError as exc:
        emit({"ev": "icmp", "id": item["id"], "errno": errname(exc)})


IP_MTU_DISCOVER = getattr(socket, "IP_MTU_DISCOVER", 10)
IP_PMTUDISC_PROBE = getattr(socket, "IP_PMTUDISC_PROBE", 3)


def pmtu(cmd):
    """Don't-fragment datagrams of given IP packet sizes; the receiver confirms each by its nonce.

    IP_PMTUDISC_PROBE sets DF and ignores the cached path MTU, so a black hole in the path (no ICMP
    "fragmentation needed" coming back) shows as datagrams that never arrive.
    """
    for item in cmd.get("items", []):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            sock.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_PROBE)
            sock.connect((item["addr"], int(item["port"])))
            for size in item["sizes"]:
                body = MAGIC + ("%s-%d" % (item["nonce"], size)).encode("ascii") + b"\n"
                if item.get("vxlan"):
                    body = struct.pack("!BBBBI", 0x08, 0, 0, 0, 0) + body
                pad = size - 28 - len(body)
                err = None
                try:
                    sock.send(body + b"\0" * max(0, pad))
                except OSError as exc:
                    err = errname(exc)
                emit({"ev": "pmtu-sent", "id": item["id"], "size": size, "error": err})
        except OSError as exc:
            emit({"ev": "pmtu-sent", "id": item["id"], "size": 0, "error": errname(exc)})
        finally:
            sock.close()


def routes(cmd):
    """The source address the kernel picks towards each peer: a connected UDP socket sends nothing,
    but getsockname() shows the routing decision, without running `ip route get` once per peer."""
    found = []
    for peer in cmd.get("peers", []):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            sock.connect((peer, 9))
            found.append({"peer": peer, "src": sock.getsockname()[0]})
        except OSError as exc:
            found.append({"peer": peer, "error": errname(exc)})
        finally:
            sock.close()
    emit({"ev": "routes", "id": cmd.get("id"), "routes": found})


def read_proc_net(cmd):
    """/proc/PID/net/FILE: a process's network-namespace counters, read without starting anything.
    Only that shape of path is read, whatever the runner asks."""
    pid, name = cmd.get("pid"), cmd.get("file")
    out = {"ev": "procnet", "id": cmd.get("id"), "text": None, "error": None}
    if not isinstance(pid, int) or pid <= 0 or name not in ("snmp", "dev"):
        out["error"] = "refused"
    else:
        try:
            with open("/proc/%d/net/%s" % (pid, name)) as handle:
                out["text"] = handle.read(65536)
        except OSError as exc:
            out["error"] = errname(exc)
    emit(out)


def resend(cmd):
    for pid in cmd.get("ids", []):
        item = PROBES.get(pid)
        if item and item["proto"] != "tcp":
            send_datagram(item)


def expire_tcp():
    now = time.monotonic()
    for item in list(PROBES.values()):
        if "sock" in item and item["proto"] == "tcp" and now >= item["expires"]:
            finish_tcp(item, "timeout")


# ---------------------------------------------------------------- commands

def start_exec(cmd):
    global OUT_LOCK
    import threading
    if isinstance(OUT_LOCK, _Lock):
        OUT_LOCK = threading.Lock()
    threading.Thread(target=run_exec, args=(cmd,), daemon=True).start()


def run_exec(cmd):
    import subprocess
    result = {"ev": "exec", "id": cmd["id"], "code": None, "stdout": "", "stderr": "", "error": None}
    try:
        child = subprocess.Popen(cmd["argv"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, universal_newlines=True)
        CHILDREN.append(child)
        try:
            out, err = child.communicate(timeout=cmd.get("timeoutMs", 10000) / 1000.0)
            result.update(code=child.returncode, stdout=out[-262144:], stderr=err[-8192:])
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            result["error"] = "timeout"
    except FileNotFoundError:
        result["error"] = "not-found"
    except OSError as exc:
        result["error"] = errname(exc)
    emit(result)


def handle(line):
    try:
        cmd = json.loads(line)
    except ValueError:
        emit({"ev": "error", "error": "bad command line"})
        return
    handler = COMMANDS.get(cmd.get("op"))
    if handler is None:
        emit({"ev": "error", "error": "unknown op %r" % (cmd.get("op"),)})
    else:
        handler(cmd)


def init(cmd):
    STATE["deadline"] = time.monotonic() + cmd.get("deadlineMs", 60000) / 1000.0
    signal.alarm(int(cmd.get("deadlineMs", 60000) / 1000) + 5)


COMMANDS = {
    "init": init, "listen": listen, "probe": probe, "resend": resend, "pmtu": pmtu, "routes": routes,
    "procnet": read_proc_net, "exec": start_exec, "stop": lambda cmd: shutdown(0),
}


class StdinReader:
    def __init__(self):
        self.fd = sys.stdin.buffer.fileno()
        self.buf = bytearray()
        os.set_blocking(self.fd, False)
        SEL.register(self.fd, selectors.EVENT_READ, ("stdin", None))

    def on_read(self):
        try:
            chunk = os.read(self.fd, 65536)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            shutdown(0)
        self.buf.extend(chunk)
        self.drain()

    def drain(self):
        while b"\n" in self.buf:
            line, _, rest = bytes(self.buf).partition(b"\n")
            self.buf = bytearray(rest)
            if line.strip():
                handle(line.decode("utf-8", "replace"))


def shutdown(code):
    if STATE["stopping"]:
        os._exit(code)
    STATE["stopping"] = True
    RECEIVERS.close()
    for item in PROBES.values():
        for key in ("sock", "udp"):
            sock = item.pop(key, None)
            if sock is not None:
                sock.close()
    for child in CHILDREN:
        if child.poll() is None:
            child.kill()
    with OUT_LOCK:
        try:
            sys.stdout.write(json.dumps({"ev": "done"}) + "\n")
            sys.stdout.flush()
        except OSError:
            pass
    os._exit(code)


def main():
    try:
        os.setpgid(0, 0)
    except OSError:
        pass  # already a session or group leader, as under sshd
    signal.signal(signal.SIGTERM, lambda *_: shutdown(0))
    signal.signal(signal.SIGHUP, lambda *_: shutdown(0))
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    signal.alarm(65)  # a hard backstop until init sets the real deadline
    reader = StdinReader()
    # Whether a docker engine could be there at all, so the runner spends no `docker info` on hosts
    # without one (that client is slow to start).
    emit({"ev": "ready", "pid": os.getpid(), "uid": os.geteuid(), "hostname": socket.gethostname(),
          "python": "%d.%d.%d" % sys.version_info[:3],
          "dockerSocket": os.path.exists("/var/run/docker.sock") or os.path.exists("/run/docker.sock")})
    reader.drain()
    handlers = {"accept": on_accept, "conn": on_conn, "udp": on_udp, "connect": on_connect,
                "udp-sender": on_udp_sender}
    while True:
        remaining = STATE["deadline"] - time.monotonic()
        if remaining <= 0:
            emit({"ev": "deadline"})
            shutdown(0)
        # Sleep until something happens or the next TCP probe times out; no busy polling.
        pending = [item["expires"] for item in PROBES.values() if "sock" in item and item["proto"] == "tcp"]
        wake = min([remaining, 1.0] + [max(0.0, t - time.monotonic()) for t in pending])
        for key, _ in SEL.select(timeout=wake):
            tag, data = key.data
            if tag == "stdin":
                reader.on_read()
            elif tag in ("raw-udp", "raw-esp"):
                on_raw(key.fileobj, tag)
            else:
                handlers[tag](key.fileobj, data)
        expire_tcp()


# The runner sends its first command only after "ready", so the bootstrap's buffered reader holds
# nothing past the script and commands can be read from the raw descriptor.
main()
