# Host facts behind failed pings, read from files the host already has (no command started, no root
# needed): identity (machine-id, boot id, network namespace), forwarding and rp_filter sysctls,
# kernel modules and config, crypto algorithms, NIC drivers; and the host's clock.

SYSCTL_FILES = ("net/ipv4/ip_forward", "net/bridge/bridge-nf-call-iptables")


def _read(path, limit=65536):
    with open(path, "rb") as handle:
        return handle.read(limit).decode("utf-8", "replace")


def _plain_name(name):
    """Module and config names the runner asks for: letters, digits, '_' and '-' only."""
    return isinstance(name, str) and 0 < len(name) <= 64 and all(c.isalnum() or c in "_-" for c in name)


def _lines_with(path, wanted, errors, key, limit=8 << 20):
    """The lines of a (possibly large) file whose module or config name is wanted; None if unreadable."""
    try:
        if path.endswith(".gz"):
            import zlib  # only for /proc/config.gz
            with open(path, "rb") as handle:
                text = zlib.decompress(handle.read(limit), 47).decode("utf-8", "replace")
        else:
            text = _read(path, limit)
    except (OSError, ValueError) as exc:
        errors[key] = errname(exc) if isinstance(exc, OSError) else "unreadable"
        return None
    found = []
    for line in text.split("\n"):
        head = line.split(":", 1)[0].split("=", 1)[0].strip()
        if head.startswith("# CONFIG_"):
            head = head[2:].split(" ", 1)[0]
        base = head.rsplit("/", 1)[-1]
        for suffix in (".ko.xz", ".ko.zst", ".ko.gz", ".ko"):
            if base.endswith(suffix):
                base = base[:-len(suffix)]
                break
        if base.replace("-", "_") in wanted or head in wanted:
            found.append(line[:300])
    return found


def host_facts(cmd):
    wanted_modules = set(m.replace("-", "_") for m in cmd.get("modules", []) if _plain_name(m))
    wanted_config = set(c for c in cmd.get("config", []) if _plain_name(c) and c.startswith("CONFIG_"))
    errors = {}
    out = {"ev": "hostfacts", "id": cmd.get("id"), "pid": posix.getpid(), "release": posix.uname().release,
           "machineId": None, "bootId": None, "netns": None, "sysctl": {}, "rpFilter": {}, "modules": None,
           "builtin": None, "dep": None, "config": None, "configFrom": None, "crypto": None, "drivers": {},
           "errors": errors}
    for key, paths in (("machineId", ("/etc/machine-id", "/var/lib/dbus/machine-id")),
                       ("bootId", ("/proc/sys/kernel/random/boot_id",))):
        for path in paths:
            try:
                out[key] = _read(path, 128).strip()[:64]
                break
            except OSError as exc:
                errors[key] = errname(exc)
        if out[key] is not None:
            errors.pop(key, None)
    try:
        out["netns"] = posix.readlink("/proc/self/ns/net")[:64]
    except OSError as exc:
        errors["netns"] = errname(exc)
    for name in SYSCTL_FILES:
        try:
            out["sysctl"][name] = _read("/proc/sys/" + name, 64).strip()
        except OSError as exc:
            errors[name] = errname(exc)
    try:
        for iface in sorted(posix.listdir("/proc/sys/net/ipv4/conf"))[:256]:
            try:
                out["rpFilter"][iface] = _read("/proc/sys/net/ipv4/conf/%s/rp_filter" % iface, 64).strip()
            except OSError:
                pass
    except OSError as exc:
        errors["rpFilter"] = errname(exc)
    try:
        out["modules"] = [line.split(" ", 1)[0] for line in _read("/proc/modules", 1 << 20).split("\n") if line][:4096]
    except OSError as exc:
        errors["modules"] = errname(exc)
    base = "/lib/modules/%s/" % out["release"]
    out["builtin"] = _lines_with(base + "modules.builtin", wanted_modules, errors, "builtin")
    out["dep"] = _lines_with(base + "modules.dep", wanted_modules, errors, "dep")
    for path in ("/boot/config-" + out["release"], "/proc/config.gz"):
        found = _lines_with(path, wanted_config | {"CONFIG_MODULES"}, errors, "config")
        if found is not None:
            out["config"], out["configFrom"] = found, path
            errors.pop("config", None)
            break
    try:
        names = set()
        for line in _read("/proc/crypto", 1 << 20).split("\n"):
            if line.startswith("name"):
                names.add(line.split(":", 1)[-1].strip()[:64])
        out["crypto"] = sorted(names)[:512]
    except OSError as exc:
        errors["crypto"] = errname(exc)
    try:
        for iface in sorted(posix.listdir("/sys/class/net"))[:256]:
            try:
                out["drivers"][iface] = posix.readlink("/sys/class/net/%s/device/driver" % iface).rsplit("/", 1)[-1][:64]
            except OSError:
                out["drivers"][iface] = None  # a virtual device: no driver link
    except OSError as exc:
        errors["drivers"] = errname(exc)
    emit(out)


def clock(cmd):
    """The host's wall clock, answered at once: the runner brackets it with its own send and receive."""
    emit({"ev": "clock", "id": cmd.get("id"), "time": time.time()})
