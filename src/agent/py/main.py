# The command table, stdin, shutdown and the event loop; the last part, it starts the agent.

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
    "init": init, "listen": listen, "probe": probe, "plan": plan, "go": go, "resend": resend, "pmtu": pmtu, "collect": collect, "routes": routes,
    "procnet": read_proc_net, "netinfo": net_info, "exec": start_exec, "docker": docker_get, "hostfacts": host_facts, "clock": clock,
    "stop": lambda cmd: shutdown(0),
}


class StdinReader:
    def __init__(self):
        self.fd = sys.stdin.buffer.fileno()
        self.buf = bytearray()
        posix.set_blocking(self.fd, False)
        SEL.register(self.fd, Poller.READ, ("stdin", None))

    def on_read(self):
        try:
            chunk = posix.read(self.fd, 65536)
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


def exists(path):
    try:
        posix.stat(path)
        return True
    except OSError:
        return False


def shutdown(code):
    if STATE["stopping"]:
        posix._exit(code)
    STATE["stopping"] = True
    RECEIVERS.close()
    for item in PROBES.values():
        for sock in item.pop("socks", []) + [item.pop("udp", None)]:
            if sock is not None:
                sock.close()
    close_gets()
    for job in JOBS:
        try:
            posix.kill(job["pid"], signal.SIGKILL)
            posix.waitpid(job["pid"], 0)
        except OSError:
            pass
    emit({"ev": "done"})
    flush_out()
    posix._exit(code)


def main():
    try:
        posix.setpgid(0, 0)
    except OSError:
        pass  # already a session or group leader, as under sshd
    signal.signal(signal.SIGTERM, lambda *_: shutdown(0))
    signal.signal(signal.SIGHUP, lambda *_: shutdown(0))
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    signal.alarm(65)  # a hard backstop until init sets the real deadline
    try:
        # A sender of a 200-host mesh holds about 800 sockets at once, near the usual soft limit of 1024.
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard == resource.RLIM_INFINITY or hard > soft:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536) if hard != resource.RLIM_INFINITY else 65536, hard))
    except (ImportError, ValueError, OSError):
        pass
    reader = StdinReader()
    # Whether a docker engine could be there at all, so the runner asks no docker questions of hosts
    # without one.
    emit({"ev": "ready", "pid": posix.getpid(), "uid": posix.geteuid(), "hostname": socket.gethostname(),
          "python": "%d.%d.%d" % sys.version_info[:3],
          "dockerSocket": any(exists(p) for p in DOCKER_SOCKETS)})
    flush_out()
    reader.drain()
    handlers = {"accept": on_accept, "conn": on_conn, "udp": on_udp, "connect": on_connect,
                "udp-sender": on_udp_sender, "exec": on_exec_output, "docker": on_docker_read}
    while True:
        flush_out()
        now = time.monotonic()
        remaining = STATE["deadline"] - now
        if remaining <= 0:
            emit({"ev": "deadline"})
            shutdown(0)
        # Sleep until something happens, the next TCP probe, exec or docker request times out, or (a
        # job whose pipes closed before its process ended) a short while; no busy polling.
        wake = min([remaining, 1.0, tcp_wake(now)] + [(j["expires"] - now) if j["open"] else 0.02 for j in JOBS] + docker_wake(now))
        for obj, (tag, data) in SEL.select(max(0.0, wake)):
            if tag == "stdin":
                reader.on_read()
            elif tag in ("raw-udp", "raw-esp"):
                on_raw(obj, tag)
            else:
                handlers[tag](obj, data)
        expire_tcp()
        if PLAN["queue"]:
            start_due()
        if JOBS:
            tend_jobs()
        if DOCKER_GETS:
            expire_gets()


# The runner sends its first command only after "ready", so the bootstrap's buffered reader holds
# nothing past the script and commands can be read from the raw descriptor.
main()
