#!/usr/bin/env bash
# Installs the real browsers the fingerprint tests compare against (Debian's chromium and
# firefox-esr, headless) and certutil (libnss3-tools) for Firefox's trust store. Sourced by
# install.sh and capture-browsers.sh; skipped when already there.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v firefox-esr >/dev/null 2>&1 || missing+=(firefox-esr)
command -v certutil >/dev/null 2>&1 || missing+=(libnss3-tools)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
