#!/usr/bin/env bash
# The Debian packages the lab needs (about 20 s on a fresh machine). Safe to run again.
set -euo pipefail
pkgs="openssh-server openssh-client docker.io busybox-static nftables iproute2 tini python3-minimal procps netcat-openbsd sudo openssl chromium ufw"
missing=""
for p in $pkgs; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"; done
if [ -n "$missing" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi
