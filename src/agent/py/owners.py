# Which process holds a port: a read-only scan of /proc/net and /proc/PID/fd.

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
    for pid in posix.listdir("/proc"):
        if not pid.isdigit():
            continue
        fd_dir = "/proc/%s/fd" % pid
        try:
            for fd in posix.listdir(fd_dir):
                try:
                    if posix.readlink(fd_dir + "/" + fd) in wanted:
                        with open("/proc/%s/comm" % pid) as handle:
                            return {"pid": int(pid), "comm": handle.read().strip()}
                except OSError:
                    continue
        except OSError:
            continue
    # Root sees every process's descriptors, so a socket nobody holds is the kernel's own (the VXLAN
    # device's socket); without root other users' descriptors are hidden.
    if posix.geteuid() == 0:
        return {"pid": None, "comm": "kernel"}
    return {"pid": None, "comm": "unknown (not visible without root)"}


def port_owner(proto, port):
    inodes = _proc_sockets(proto).get(port)
    return _owner_of_inodes(inodes) if inodes else None
