# Commands run beside the event loop (docker, firewall listings), without a shell and without threads.

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
        posix.set_blocking(fd, False)
        job["open"][fd] = (stream, bytearray())
        SEL.register(fd, Poller.READ, ("exec", job))
    JOBS.append(job)


def spawn(argv):
    """(pid, [(1, stdout fd), (2, stderr fd)]) of argv started with stdin from /dev/null."""
    out_r, out_w = posix.pipe()
    err_r, err_w = posix.pipe()
    try:
        if hasattr(posix, "posix_spawnp"):  # Python 3.8+
            # Signals Python ignores (SIGPIPE, SIGXFSZ) go back to their defaults in the child, as
            # subprocess does: a command writing into a closed pipe must end, not spin.
            pid = posix.posix_spawnp(argv[0], argv, posix.environ, file_actions=[
                (posix.POSIX_SPAWN_OPEN, 0, "/dev/null", posix.O_RDONLY, 0),
                (posix.POSIX_SPAWN_DUP2, out_w, 1), (posix.POSIX_SPAWN_DUP2, err_w, 2)],
                setsigdef=(signal.SIGPIPE, signal.SIGXFSZ))
        else:
            pid = fork_exec(argv, out_w, err_w)
    except BaseException:
        posix.close(out_r)
        posix.close(err_r)
        raise
    finally:
        posix.close(out_w)
        posix.close(err_w)
    return pid, [(1, out_r), (2, err_r)]


def fork_exec(argv, out_w, err_w):
    import os  # its PATH search and execvp; only interpreters without posix_spawn come here

    if not any(os.access(os.path.join(d or ".", argv[0]), os.X_OK)
               for d in ([""] if "/" in argv[0] else os.environ.get("PATH", os.defpath).split(os.pathsep))):
        raise FileNotFoundError(errno.ENOENT, "not found", argv[0])
    pid = os.fork()
    if pid == 0:
        try:
            for sig in (signal.SIGPIPE, signal.SIGXFSZ):
                signal.signal(sig, signal.SIG_DFL)
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
        chunk = posix.read(fd, 65536)
    except BlockingIOError:
        return
    except OSError:
        chunk = b""
    if chunk:
        buf.extend(chunk)
        del buf[:max(0, len(buf) - EXEC_OUT_MAX[stream])]
        return
    SEL.unregister(fd)
    posix.close(fd)
    del job["open"][fd]
    job["result"]["stdout" if stream == 1 else "stderr"] = buf.decode("utf-8", "replace")
    reap(job)


def reap(job, force=False):
    """Finishes a job whose pipes have closed (or that ran out of time) once its process has ended."""
    if force:
        try:
            posix.kill(job["pid"], signal.SIGKILL)
        except OSError:
            pass
        for fd in list(job["open"]):
            SEL.unregister(fd)
            posix.close(fd)
        job["open"].clear()
        job["result"]["error"] = "timeout"
    elif job["open"]:
        return
    try:
        pid, status = posix.waitpid(job["pid"], 0 if force else posix.WNOHANG)
    except ChildProcessError:
        pid, status = job["pid"], 0
    if pid == 0:
        return  # pipes closed, process not ended yet: the loop looks again
    if not force:
        job["result"]["code"] = posix.WEXITSTATUS(status) if posix.WIFEXITED(status) else -posix.WTERMSIG(status)
    JOBS.remove(job)
    emit(job["result"])


def tend_jobs():
    now = time.monotonic()
    for job in list(JOBS):
        if now >= job["expires"]:
            reap(job, force=True)
        elif not job["open"]:
            reap(job)
