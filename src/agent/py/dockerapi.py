# Read-only GETs to the local docker engine's API over its unix socket: the listings the facts need
# (info, overlays, nodes, services), answered by the engine itself, with no docker client started on
# the host for each one (a client costs about 70 ms of CPU to start). Non-blocking, in the loop.

DOCKER_SOCKETS = ("/var/run/docker.sock", "/run/docker.sock")
# The answer goes to the runner as one JSON line of at most 1 MiB, escaping included.
DOCKER_BODY_MAX = 786432
DOCKER_GETS = []


def docker_get(cmd):
    """GET cmd["path"] (a path with its query, printable ASCII only) from the engine. cmd["socket"] is
    for tests; the runner sends none, and the agent takes the socket docker itself creates."""
    req = {"result": {"ev": "docker", "id": cmd.get("id"), "status": None, "body": "", "error": None},
           "expires": time.monotonic() + cmd.get("timeoutMs", 10000) / 1000.0, "sock": None, "buf": bytearray()}
    path = cmd.get("path")
    where = cmd.get("socket") or next((p for p in DOCKER_SOCKETS if exists(p)), DOCKER_SOCKETS[0])
    try:
        if not isinstance(path, str) or not path.startswith("/") or any(c <= " " or c > "~" for c in path):
            raise ValueError("not a request path")
        sock = req["sock"] = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        # A local socket accepts at once unless dockerd's backlog is full: a short blocking connect.
        sock.settimeout(max(0.05, min(2.0, req["expires"] - time.monotonic())))
        sock.connect(where)
        # HTTP/1.0: the engine answers without chunks and closes the connection after the body.
        sock.sendall(("GET %s HTTP/1.0\r\nHost: docker\r\n\r\n" % path).encode("ascii"))
        sock.setblocking(False)
    except ValueError as exc:
        finish_get(req, str(exc))
        return
    except OSError as exc:
        finish_get(req, "%s: %s" % (where, errname(exc) if getattr(exc, "errno", None) else "timed out"))
        return
    SEL.register(sock, Poller.READ, ("docker", req))
    DOCKER_GETS.append(req)


def on_docker_read(sock, req):
    try:
        chunk = sock.recv(65536)
    except (BlockingIOError, InterruptedError):
        return
    except OSError as exc:
        finish_get(req, errname(exc))
        return
    if not chunk:
        finish_get(req, None)
    elif len(req["buf"]) + len(chunk) > DOCKER_BODY_MAX + 65536:
        finish_get(req, "answer larger than %d bytes" % DOCKER_BODY_MAX)
    else:
        req["buf"].extend(chunk)


def finish_get(req, error):
    sock = req["sock"]
    if sock is not None:
        SEL.unregister(sock)
        sock.close()
        req["sock"] = None
    if req in DOCKER_GETS:
        DOCKER_GETS.remove(req)
    result = req["result"]
    if error is None:
        head, sep, body = bytes(req["buf"]).partition(b"\r\n\r\n")
        status = head.split(b"\r\n", 1)[0].split(b" ")
        if not sep or len(status) < 2 or not status[0].startswith(b"HTTP/") or not status[1].isdigit() or len(status[1]) != 3:
            error = "not an HTTP answer"
        elif b"\r\ntransfer-encoding:" in head.lower():
            error = "a chunked answer to an HTTP/1.0 request"
        elif len(body) > DOCKER_BODY_MAX:
            error = "answer larger than %d bytes" % DOCKER_BODY_MAX
        else:
            result["status"] = int(status[1])
            result["body"] = body.decode("utf-8", "replace")
    result["error"] = error
    req["buf"] = bytearray()
    emit(result)


def docker_wake(now):
    return [req["expires"] - now for req in DOCKER_GETS]


def expire_gets():
    now = time.monotonic()
    for req in list(DOCKER_GETS):
        if now >= req["expires"]:
            finish_get(req, "timeout")


def close_gets():
    for req in list(DOCKER_GETS):
        if req["sock"] is not None:
            req["sock"].close()
            req["sock"] = None
