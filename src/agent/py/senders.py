# Senders: TCP connects, UDP/ESP datagrams and their resends, and the path-MTU datagrams.

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
            try:
                sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, ESP_PROTO)
            except OSError as exc:
                # Opening a raw socket is what needs root; EPERM from sendto below is the host's own firewall.
                if exc.errno in (errno.EPERM, errno.EACCES):
                    raise OSError(exc.errno, "needs-root")
                raise
            try:
                sock.sendto(payload_for(item), (item["addr"], 0))
            finally:
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
        err = "needs-root" if exc.strerror == "needs-root" else errname(exc)
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


def resend(cmd):
    sent = [send_datagram(PROBES[pid]) for pid in cmd.get("ids", []) if pid in PROBES and PROBES[pid]["proto"] != "tcp"]
    if sent:
        emit({"ev": "sent", "items": sent})


def expire_tcp():
    now = time.monotonic()
    for item in [i for i in TCP_PENDING.values() if now >= i["expires"]]:
        finish_tcp(item, "timeout")
