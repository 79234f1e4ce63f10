#!/usr/bin/env bash
# Installs the system packages image-ingest builds against, when they are missing.
# Debian and Ubuntu both name them this way: libjpeg-dev (libjpeg-turbo on both) and libturbojpeg0-dev (its
# TurboJPEG API, for lossless turns), libpng, zlib, giflib, libtiff, libwebp, libheif (Debian's carries its
# HEVC decoder and encoder),
# SQLite (for the journal) and pkg-config. Extra package names given as arguments are installed too
# (Scripts/test.sh adds chromium, the headless browser the sandbox's pictures page is checked in).
set -euo pipefail
needed=(libjpeg-dev libturbojpeg0-dev libpng-dev zlib1g-dev libgif-dev libtiff-dev libwebp-dev libheif-dev
        libsqlite3-dev pkg-config "$@")
missing=()
for pkg in "${needed[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    echo "installing: ${missing[*]}" >&2
    sudo_cmd=()
    [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
