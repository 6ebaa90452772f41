# What the host's network looks like from inside: routing towards peers, interfaces and routes over
# rtnetlink, and a process's network-namespace counters.

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
                    raise OSError(-code, posix.strerror(-code))
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
