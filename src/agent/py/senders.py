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


RESULTS = []  # TCP outcomes of this loop turn: [id, outcome, ms, errno, connects]
PLAN = {"queue": [], "at": 0, "timeout": 2.0, "retry": None, "open": False}


def flush_results():
    if RESULTS:
        emit({"ev": "results", "items": RESULTS[:]})
        del RESULTS[:]


BATCHES.append(flush_results)


PLANNED = {"cmd": None}


def plan(cmd):
    """Keeps this sender's plan until `go`: every plan of a mesh is delivered before any host starts
    probing, so delivering the last plans does not compete with the first hosts' probes."""
    PLANNED["cmd"] = cmd
    emit({"ev": "planned", "n": len(cmd.get("items", []))})


def go(cmd):
    planned = PLANNED["cmd"]
    PLANNED["cmd"] = None
    if planned is not None:
        probe(planned)


def probe(cmd):
    """Takes this sender's whole plan at once and paces it: `spreadMs` spreads the starts evenly, so
    a mesh of hundreds of hosts does not reach any receiver all in the same instant."""
    counters_start()
    PLAN["timeout"] = max(0.2, cmd.get("timeoutMs", 2000) / 1000.0)
    retry = cmd.get("retryMs")
    PLAN["retry"] = retry / 1000.0 if isinstance(retry, (int, float)) and retry > 0 else None
    items = cmd.get("items", [])
    gap = max(0, cmd.get("spreadMs", 0)) / 1000.0 / max(1, len(items))
    now = time.monotonic()
    for k, item in enumerate(items):
        item["due"] = now + gap * k
    PLAN["queue"].extend(items)
    PLAN["open"] = True
    start_due()


def next_start():
    """Seconds until the next paced probe is due, or None."""
    if PLAN["at"] >= len(PLAN["queue"]):
        return None
    return PLAN["queue"][PLAN["at"]]["due"] - time.monotonic()


def start_due():
    queue = PLAN["queue"]
    now = time.monotonic()
    sent = []
    while PLAN["at"] < len(queue) and queue[PLAN["at"]]["due"] <= now:
        item = queue[PLAN["at"]]
        PLAN["at"] += 1
        PROBES[item["id"]] = item
        item["start"] = now
        if item["proto"] == "tcp":
            start_tcp(item, PLAN["timeout"])
        else:
            sent.append(send_datagram(item))
    if PLAN["at"] >= len(queue):
        del queue[:]
        PLAN["at"] = 0
    if sent:
        emit({"ev": "sent", "items": sent})  # one event for the whole turn, not one a datagram
    probe_done_check()


def probe_done_check():
    """Says once when every probe of the plan has started and every TCP probe has its outcome."""
    if PLAN["open"] and not PLAN["queue"] and not TCP_PENDING:
        PLAN["open"] = False
        flush_results()
        emit({"ev": "probe-done"})


def start_tcp(item, timeout_s):
    item["expires"] = time.monotonic() + timeout_s
    item["retry_at"] = time.monotonic() + PLAN["retry"] if PLAN["retry"] and PLAN["retry"] < timeout_s else None
    item["socks"] = []
    item["connects"] = 0
    TCP_PENDING[item["id"]] = item
    connect_tcp(item)


def connect_tcp(item):
    """One connect of the probe. A second one starts at retry_at if the first has no answer yet: a
    SYN lost twice (the kernel's own retransmission included) is then sent a third time from a fresh
    port, and only a probe with no answer to either is filtered."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    item["connects"] += 1
    code = sock.connect_ex((item["addr"], int(item["port"])))
    if code not in (0, errno.EINPROGRESS):
        sock.close()
        finish_tcp(item, code)
        return
    item["socks"].append(sock)
    SEL.register(sock, Poller.WRITE, ("connect", item))
    if code == 0:
        finish_tcp(item, 0, sock)


def finish_tcp(item, code, winner=None):
    if TCP_PENDING.pop(item["id"], None) is None:
        return
    for sock in item.pop("socks", []):
        SEL.unregister(sock)
        if sock is not winner:
            sock.close()
    if code == 0:
        outcome = "connected"
        if item.get("send") and winner is not None:
            try:
                winner.send(payload_for(item))
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
    RESULTS.append([item["id"], outcome, ms, None if code in (0, "timeout") else errno.errorcode.get(code, str(code)),
                    item["connects"]])
    if winner is not None:
        winner.close()
    probe_done_check()


def on_connect(sock, item):
    if sock not in item.get("socks", ()):
        return  # both connects were ready in one turn and the other one settled the probe (this one is closed)
    code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    if code == errno.ETIMEDOUT and len(item.get("socks", [])) > 1:
        # This connect gave up; the other one may still get through.
        SEL.unregister(sock)
        item["socks"].remove(sock)
        sock.close()
        return
    finish_tcp(item, code, sock)


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
    for item in list(TCP_PENDING.values()):
        if item["retry_at"] is not None and now >= item["retry_at"]:
            # An agent that got no CPU until past the expiry (a host under load) still gives the second
            # connect its share of the timeout: a probe is filtered only when both had their time.
            item["expires"] = max(item["expires"], now + PLAN["timeout"] - PLAN["retry"])
            item["retry_at"] = None
            connect_tcp(item)
        elif now >= item["expires"]:
            finish_tcp(item, "timeout")


def tcp_wake(now):
    """Seconds until the next TCP timeout, second connect or paced start."""
    times = [i["retry_at"] if i["retry_at"] is not None else i["expires"] for i in TCP_PENDING.values()]
    wake = min(times) - now if times else 1.0
    due = next_start()
    return wake if due is None else min(wake, due)
