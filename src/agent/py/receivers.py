# Receivers: temporary listeners (pre mode) and raw IP sockets behind the firewall (live mode).

SEEN = set()
SEEN_BATCH = []


def report_seen(proto, port, payload, src, via):
    at = payload.find(MAGIC)
    if at < 0:
        return
    nonce = payload[at + len(MAGIC):at + len(MAGIC) + 32].split(b"\n")[0].strip().decode("ascii", "replace")
    # Ours are hex (and NONCE-SIZE for path MTU): anything else cannot match and is not passed on.
    if not all(c.isalnum() or c == "-" for c in nonce):
        return
    key = (proto, port, nonce)
    if not nonce or key in SEEN:
        return
    SEEN.add(key)
    SEEN_BATCH.append([proto, port, nonce, src, via])


def flush_seen():
    """Everything seen this loop turn as one event: a 200-host mesh sends each host about 800 probes."""
    if SEEN_BATCH:
        emit({"ev": "seen-batch", "items": SEEN_BATCH[:]})
        del SEEN_BATCH[:]


BATCHES.append(flush_seen)
# The accept queue of a pre-mode listener: every peer of a large mesh may connect at once; the kernel
# caps it at net.core.somaxconn.
LISTEN_BACKLOG = 4096


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
                sock.listen(LISTEN_BACKLOG)
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
    # Every connection waiting, not one a wake-up. Most have sent their nonce by now and are done
    # here, without a round through the poller.
    for _ in range(512):
        try:
            fd, addr = sock._accept()  # _socket's accept: a descriptor, wrapped here
        except OSError:
            return
        conn = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0, fd)
        conn.setblocking(False)
        data = (port, addr[0], bytearray())
        if read_nonce(conn, data):
            close_reset(conn)
        else:
            RECEIVERS.sockets.append(conn)
            SEL.register(conn, Poller.READ, ("conn", data))


def on_conn(conn, data):
    if read_nonce(conn, data):
        SEL.unregister(conn)
        RECEIVERS.sockets.remove(conn)
        close_reset(conn)


def read_nonce(conn, data):
    """Reads what has arrived; True once the nonce line is complete (reported) or the peer is gone."""
    port, src, buf = data
    try:
        chunk = conn.recv(128)
    except BlockingIOError:
        return False  # nothing yet
    except OSError:
        chunk = b""
    buf.extend(chunk)
    if chunk and b"\n" not in buf and len(buf) < 128:
        return False
    report_seen("tcp", port, bytes(buf), src, "socket")
    return True


LINGER_RESET = struct.pack("ii", 1, 0)


def close_reset(conn):
    try:
        # The nonce is read: close with a reset instead of a FIN. Measured on the lab: 7 segments a
        # probe instead of 8.5, and the prober's side ends at once instead of in TIME_WAIT for a minute.
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
    except OSError:
        pass
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
    counters_start()
    mode = cmd.get("mode", "auto")
    is_root = posix.geteuid() == 0
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
