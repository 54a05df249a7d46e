#!/usr/bin/env bash
# Installs what the industry-map tests and reports need from Debian, only when missing:
#   chromium          headless browser driven by Playwright in tests/browser (never a downloaded one)
#   fonts-wqy-zenhei  a CJK font, so Chinese renders in charts (matplotlib) and in the browser
# Idempotent: a second run does nothing. Needs root (or sudo) for apt-get.
set -euo pipefail

wanted=()
command -v chromium >/dev/null 2>&1 || wanted+=(chromium)
dpkg -s fonts-wqy-zenhei >/dev/null 2>&1 || wanted+=(fonts-wqy-zenhei)

if [ ${#wanted[@]} -eq 0 ]; then
    echo "setup-browser: chromium and fonts-wqy-zenhei already installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

echo "setup-browser: installing ${wanted[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${wanted[@]}"
# Make the new font visible to fontconfig (the browser) at once.
command -v fc-cache >/dev/null 2>&1 && fc-cache -f >/dev/null 2>&1 || true
echo "setup-browser: done"
