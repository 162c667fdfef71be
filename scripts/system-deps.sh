#!/usr/bin/env bash
# Install the system packages the test suite needs, only when missing.
set -euo pipefail
# With the argument "python": only what `make install` needs (venv support, PDF rendering); with
# "cluster": what the two-node layout adds (nginx); without an argument also what the tests need
# (Chromium, PostgreSQL, LibreOffice Writer, poppler-utils).
need=()
# PDF reports (WeasyPrint) need Pango, and serif fonts with Vietnamese glyphs that match Times New
# Roman's metrics (Liberation Serif 2.x; Tinos as a second choice).
for pkg in libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2 fonts-croscore; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${1:-}" = "python" ]; then
  python3 -c "import ensurepip, venv" 2>/dev/null || need+=(python3-venv)
elif [ "${1:-}" = "cluster" ]; then
  # Only `make cluster-up`, `make test-cluster`, `make failover-drill`: PostgreSQL (primary and
  # standby) and nginx in front of the two nodes. `make test` needs neither nginx nor this group.
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then need+=(postgresql); fi
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
else
  [ -x /usr/bin/chromium ] || need+=(chromium)
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then need+=(postgresql); fi
  # The report layout test converts both DOCX layouts to PDF with LibreOffice (headless Writer)
  # and reads them back; pdftoppm (poppler-utils) draws the page images in docs/.
  command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing system packages: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
