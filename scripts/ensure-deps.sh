#!/usr/bin/env bash
# Installs the two system libraries ScaleBench links (SQLite, jemalloc) when pkg-config cannot find them.
set -euo pipefail
packages="libsqlite3-dev libjemalloc-dev pkg-config"
if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists sqlite3 jemalloc; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: SQLite and jemalloc development files are missing; install them with your package manager (Debian/Ubuntu: $packages)" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "error: need root to install $packages; run: apt-get install -y $packages" >&2
  exit 1
fi
echo "installing $packages ..." >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $packages >/dev/null
pkg-config --exists sqlite3 jemalloc || { echo "error: pkg-config still cannot find sqlite3 and jemalloc after installing $packages" >&2; exit 1; }
