# swarm-preflight remote agent.
#
# Streamed over the SSH channel's stdin and run from memory: nothing is installed or written to disk.
# Standard library only, Python 3.6+. It speaks JSON lines: commands on stdin, events on stdout.
# It ends by itself when its deadline passes, when stdin closes (the runner or the SSH connection went
# away), on SIGTERM/SIGHUP, or on a "stop" command, and closes every socket it opened on the way out.
#
# It starts on every host of a run at once, so start-up cost is paid many times over: it imports the
# C modules directly (socket.py, signal.py, selectors and json pull in enum and re, which doubles the
# interpreter's start-up), runs single-threaded, and writes its events in one write per loop turn.
import errno
import os
import select
import struct
import sys
import time
import _signal as signal
import _socket as socket

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


def flush_out():
    if not OUT or STATE.get("unread"):
        return
    data = ("\n".join(OUT) + "\n").encode("utf-8")
    del OUT[:]
    view = memoryview(data)
    while view:
        try:
            view = view[os.write(1, view):]
        except BlockingIOError:
            select.select([], [1], [], 1.0)
        except OSError:
            STATE["unread"] = True  # nobody reads any more: the runner is gone
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
        SEL.register(sock, Poller.READ, (tag, port))

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
        SEL.register(sock, Poller.READ, (tag, 0))
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
        fd, _ = sock._accept()  # _socket's accept: a descriptor, wrapped here
    except OSError:
        return
    conn = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0, fd)
    conn.setblocking(False)
    RECEIVERS.sockets.append(conn)
    SEL.register(conn, Poller.READ, ("conn", (port, conn.getpeername()[0], bytearray())))


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
TCP_PENDING = {}  # id -> TCP probe still connecting: what the loop's timeout and expiry look at


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
    sent = []
    for item in cmd.get("items", []):
        PROBES[item["id"]] = item
        item["start"] = time.monotonic()
        if item["proto"] == "tcp":
            start_tcp(item, timeout_s)
        else:
            sent.append(send_datagram(item))
    if sent:
        emit({"ev": "sent", "items": sent})  # one event for the whole command, not one a datagram


def start_tcp(item, timeout_s):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    item["sock"] = sock
    item["expires"] = time.monotonic() + timeout_s
    TCP_PENDING[item["id"]] = item
    code = sock.connect_ex((item["addr"], int(item["port"])))
    if code not in (0, errno.EINPROGRESS):
        finish_tcp(item, code)
        return
    SEL.register(sock, Poller.WRITE, ("connect", item))


def finish_tcp(item, code):
    sock = item.pop("sock", None)
    TCP_PENDING.pop(item["id"], None)
    if sock is None:
        return
    SEL.unregister(sock)
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
                SEL.register(sock, Poller.READ, ("udp-sender", item))
            sock.send(payload_for(item))
            err = None
    except OSError as exc:
        err = errname(exc)
        if exc.errno in (errno.EPERM, errno.EACCES) and item["proto"] == "esp":
            err = "needs-root"
    item["sent"] = item.get("sent", 0) + (0 if err else 1)
    return {"id": item["id"], "count": item["sent"], "error": err, "ms": int((time.monotonic() - item["start"]) * 1000)}


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
                try:
                    sock.send(body + b"\0" * max(0, pad))
                except OSError as exc:
                    # Only failures are reported: a datagram sent is known by its arrival.
                    emit({"ev": "pmtu-sent", "id": item["id"], "size": size, "error": errname(exc)})
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


# ---------------------------------------------------------------- interfaces and routes (netlink)

IFF_NAMES = ((0x8, "LOOPBACK"), (0x2, "BROADCAST"), (0x10, "POINTOPOINT"), (0x1000, "MULTICAST"), (0x80, "NOARP"),
             (0x200, "ALLMULTI"), (0x100, "PROMISC"), (0x400, "MASTER"), (0x800, "SLAVE"), (0x1, "UP"),
             (0x10000, "LOWER_UP"), (0x20000, "DORMANT"))
OPERSTATES = ("UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP")
SCOPES = {0: "global", 200: "site", 253: "link", 254: "host", 255: "nowhere"}
ROUTE_TYPES = {2: "local", 3: "broadcast", 4: "anycast", 5: "multicast", 6: "blackhole", 7: "unreachable",
               8: "prohibit", 9: "throw", 10: "nat"}
ROUTE_PROTOCOLS = {1: "redirect", 2: "kernel", 3: "boot", 4: "static", 9: "ra", 16: "dhcp"}


def netlink_dump(sock, msg_type, body, seq):
    """One NLM_F_DUMP request; the (type, payload) of every message of the answer."""
    sock.send(struct.pack("=IHHII", 16 + len(body), msg_type, 0x301, seq, 0) + body)
    messages = []
    while True:
        data = sock.recv(262144)
        off = 0
        while off + 16 <= len(data):
            length, kind = struct.unpack_from("=IH", data, off)
            if length < 16:
                return messages
            if kind == 3:  # NLMSG_DONE
                return messages
            if kind == 2:  # NLMSG_ERROR
                code = struct.unpack_from("=i", data, off + 16)[0]
                if code:
                    raise OSError(-code, os.strerror(-code))
            else:
                messages.append((kind, data[off + 16:off + length]))
            off += (length + 3) & ~3
        if not data:
            return messages


def rtattrs(data, off):
    attrs = {}
    while off + 4 <= len(data):
        length, kind = struct.unpack_from("=HH", data, off)
        if length < 4:
            break
        attrs[kind & 0x3FFF] = data[off + 4:off + length]
        off += (length + 3) & ~3
    return attrs


def _cstr(raw):
    return raw.split(b"\0", 1)[0].decode("utf-8", "replace")


def _u32(raw):
    return struct.unpack("=I", raw[:4])[0]


def net_info(cmd):
    """Interfaces with their addresses and the main routing table, in `ip -j addr` and `ip -j route`
    form, read over rtnetlink, and /etc/resolv.conf: what the overlay checks need, without starting
    a process."""
    out = {"ev": "netinfo", "id": cmd.get("id"), "links": None, "routes": None, "resolv": None, "error": None}
    try:
        sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
        try:
            sock.settimeout(3.0)
            sock.bind((0, 0))
            links = read_links(sock)
            read_addrs(sock, links)
            out["routes"] = read_routes(sock, links)
            out["links"] = list(links.values())
        finally:
            sock.close()
    except (OSError, struct.error) as exc:
        out["error"] = "netlink: " + errname(exc)
    try:
        with open("/etc/resolv.conf") as handle:
            out["resolv"] = handle.read(65536)
    except OSError:
        pass
    emit(out)


def read_links(sock):
    links = {}
    masters = {}
    for _, msg in netlink_dump(sock, 18, struct.pack("=BxHiII", 0, 0, 0, 0, 0), 1):  # RTM_GETLINK
        index, flags = struct.unpack_from("=iI", msg, 4)
        attrs = rtattrs(msg, 16)
        link = {"ifindex": index, "ifname": _cstr(attrs.get(3, b"")),
                "flags": [name for bit, name in IFF_NAMES if flags & bit], "addr_info": []}
        if flags & 0x1 and not flags & 0x40:
            link["flags"].insert(0, "NO-CARRIER")  # up, but no carrier (RUNNING unset), as ip shows it
        if 4 in attrs:
            link["mtu"] = _u32(attrs[4])
        state = attrs.get(16, b"\0")[0]
        link["operstate"] = OPERSTATES[state] if state < len(OPERSTATES) else "UNKNOWN"
        if 10 in attrs:
            masters[index] = _u32(attrs[10])
        links[index] = link
    for index, master in masters.items():
        if master in links:
            links[index]["master"] = links[master]["ifname"]
    return links


def read_addrs(sock, links):
    for _, msg in netlink_dump(sock, 22, struct.pack("=BBBBI", 0, 0, 0, 0, 0), 2):  # RTM_GETADDR
        family, prefix, _, scope, index = struct.unpack_from("=BBBBI", msg, 0)
        if family not in (socket.AF_INET, socket.AF_INET6) or index not in links:
            continue
        attrs = rtattrs(msg, 8)
        raw = attrs.get(2) or attrs.get(1)  # IFA_LOCAL, else IFA_ADDRESS
        if not raw:
            continue
        links[index]["addr_info"].append({
            "family": "inet" if family == socket.AF_INET else "inet6",
            "local": socket.inet_ntop(family, raw), "prefixlen": prefix, "scope": SCOPES.get(scope, str(scope))})


def read_routes(sock, links):
    routes = []
    for _, msg in netlink_dump(sock, 26, struct.pack("=BBBBBBBBI", socket.AF_INET, 0, 0, 0, 0, 0, 0, 0, 0), 3):
        family, dst_len, _, _, table, protocol, scope, kind, _ = struct.unpack_from("=BBBBBBBBI", msg, 0)
        attrs = rtattrs(msg, 12)
        if 15 in attrs:
            table = _u32(attrs[15])
        if family != socket.AF_INET or table != 254:  # `ip route` shows the main table
            continue
        dst = socket.inet_ntop(family, attrs[1]) if 1 in attrs else "0.0.0.0"
        route = {"dst": "default" if dst_len == 0 else dst if dst_len == 32 else "%s/%d" % (dst, dst_len)}
        if kind != 1:
            route["type"] = ROUTE_TYPES.get(kind, str(kind))
        if 5 in attrs:
            route["gateway"] = socket.inet_ntop(family, attrs[5])
        if 4 in attrs and _u32(attrs[4]) in links:
            route["dev"] = links[_u32(attrs[4])]["ifname"]
        if protocol != 3:  # ip leaves out the default, "boot", and the universe scope
            route["protocol"] = ROUTE_PROTOCOLS.get(protocol, str(protocol))
        if scope != 0:
            route["scope"] = SCOPES.get(scope, str(scope))
        if 7 in attrs:
            route["prefsrc"] = socket.inet_ntop(family, attrs[7])
        routes.append(route)
    return routes


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
    sent = [send_datagram(PROBES[pid]) for pid in cmd.get("ids", []) if pid in PROBES and PROBES[pid]["proto"] != "tcp"]
    if sent:
        emit({"ev": "sent", "items": sent})


def expire_tcp():
    now = time.monotonic()
    for item in [i for i in TCP_PENDING.values() if now >= i["expires"]]:
        finish_tcp(item, "timeout")


# ---------------------------------------------------------------- commands

EXEC_OUT_MAX = {1: 262144, 2: 8192}  # the tail of stdout and stderr that is kept
JOBS = []


def start_exec(cmd):
    """Runs a fixed argv (no shell) beside the loop: its pipes are read by the loop, its end reaped
    by it. Spawned without fork where the interpreter can (posix_spawn), and never from a thread:
    copying a threaded process's page tables is the costliest thing the agent could do on a host."""
    job = {"result": {"ev": "exec", "id": cmd.get("id"), "code": None, "stdout": "", "stderr": "", "error": None},
           "expires": time.monotonic() + cmd.get("timeoutMs", 10000) / 1000.0, "pid": None, "open": {}}
    try:
        argv = [str(a) for a in cmd["argv"]]
        job["pid"], pipes = spawn(argv)
    except FileNotFoundError:
        job["result"]["error"] = "not-found"
    except (OSError, KeyError, IndexError, TypeError) as exc:
        job["result"]["error"] = errname(exc)
    if job["pid"] is None:
        emit(job["result"])
        return
    for stream, fd in pipes:
        os.set_blocking(fd, False)
        job["open"][fd] = (stream, bytearray())
        SEL.register(fd, Poller.READ, ("exec", job))
    JOBS.append(job)


def spawn(argv):
    """(pid, [(1, stdout fd), (2, stderr fd)]) of argv started with stdin from /dev/null."""
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    try:
        if hasattr(os, "posix_spawnp"):  # Python 3.8+
            pid = os.posix_spawnp(argv[0], argv, dict(os.environ), file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
                (os.POSIX_SPAWN_DUP2, out_w, 1), (os.POSIX_SPAWN_DUP2, err_w, 2)])
        else:
            pid = fork_exec(argv, out_w, err_w)
    except BaseException:
        os.close(out_r)
        os.close(err_r)
        raise
    finally:
        os.close(out_w)
        os.close(err_w)
    return pid, [(1, out_r), (2, err_r)]


def fork_exec(argv, out_w, err_w):
    if not any(os.access(os.path.join(d or ".", argv[0]), os.X_OK)
               for d in ([""] if "/" in argv[0] else os.environ.get("PATH", os.defpath).split(os.pathsep))):
        raise FileNotFoundError(errno.ENOENT, "not found", argv[0])
    pid = os.fork()
    if pid == 0:
        try:
            null = os.open("/dev/null", os.O_RDONLY)
            os.dup2(null, 0)
            os.dup2(out_w, 1)
            os.dup2(err_w, 2)
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    return pid


def on_exec_output(fd, job):
    stream, buf = job["open"][fd]
    try:
        chunk = os.read(fd, 65536)
    except BlockingIOError:
        return
    except OSError:
        chunk = b""
    if chunk:
        buf.extend(chunk)
        del buf[:max(0, len(buf) - EXEC_OUT_MAX[stream])]
        return
    SEL.unregister(fd)
    os.close(fd)
    del job["open"][fd]
    job["result"]["stdout" if stream == 1 else "stderr"] = buf.decode("utf-8", "replace")
    reap(job)


def reap(job, force=False):
    """Finishes a job whose pipes have closed (or that ran out of time) once its process has ended."""
    if force:
        try:
            os.kill(job["pid"], signal.SIGKILL)
        except OSError:
            pass
        for fd in list(job["open"]):
            SEL.unregister(fd)
            os.close(fd)
        job["open"].clear()
        job["result"]["error"] = "timeout"
    elif job["open"]:
        return
    try:
        pid, status = os.waitpid(job["pid"], 0 if force else os.WNOHANG)
    except ChildProcessError:
        pid, status = job["pid"], 0
    if pid == 0:
        return  # pipes closed, process not ended yet: the loop looks again
    if not force:
        job["result"]["code"] = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -os.WTERMSIG(status)
    JOBS.remove(job)
    emit(job["result"])


def tend_jobs():
    now = time.monotonic()
    for job in list(JOBS):
        if now >= job["expires"]:
            reap(job, force=True)
        elif not job["open"]:
            reap(job)


def handle(line):
    try:
        cmd = json_loads(line)
        if not isinstance(cmd, dict):
            raise ValueError("not an object")
    except (ValueError, StopIteration):
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
    "procnet": read_proc_net, "netinfo": net_info, "exec": start_exec, "stop": lambda cmd: shutdown(0),
}


class StdinReader:
    def __init__(self):
        self.fd = sys.stdin.buffer.fileno()
        self.buf = bytearray()
        os.set_blocking(self.fd, False)
        SEL.register(self.fd, Poller.READ, ("stdin", None))

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
    for job in JOBS:
        try:
            os.kill(job["pid"], signal.SIGKILL)
            os.waitpid(job["pid"], 0)
        except OSError:
            pass
    emit({"ev": "done"})
    flush_out()
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
    flush_out()
    reader.drain()
    handlers = {"accept": on_accept, "conn": on_conn, "udp": on_udp, "connect": on_connect,
                "udp-sender": on_udp_sender, "exec": on_exec_output}
    while True:
        flush_out()
        now = time.monotonic()
        remaining = STATE["deadline"] - now
        if remaining <= 0:
            emit({"ev": "deadline"})
            shutdown(0)
        # Sleep until something happens, the next TCP probe or exec times out, or (a job whose pipes
        # closed before its process ended) a short while; no busy polling.
        wake = min([remaining, 1.0] + [i["expires"] - now for i in TCP_PENDING.values()]
                   + [(j["expires"] - now) if j["open"] else 0.02 for j in JOBS])
        for obj, (tag, data) in SEL.select(max(0.0, wake)):
            if tag == "stdin":
                reader.on_read()
            elif tag in ("raw-udp", "raw-esp"):
                on_raw(obj, tag)
            else:
                handlers[tag](obj, data)
        expire_tcp()
        if JOBS:
            tend_jobs()


# The runner sends its first command only after "ready", so the bootstrap's buffered reader holds
# nothing past the script and commands can be read from the raw descriptor.
main()
