#!/bin/sh
# Add MPRO Desktop to this user's application menu (freedesktop.org menus: GNOME, KDE,
# XFCE, ...). Run it from the unpacked bundle folder, wherever it was put:
#   ./install-desktop-entry.sh            install for this user (~/.local/share)
#   ./install-desktop-entry.sh --remove   take it out again
# Nothing outside ~/.local is touched; the bundle itself stays where it is.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data="${XDG_DATA_HOME:-$HOME/.local/share}"
entry="$data/applications/mpro-desktop.desktop"
sizes="16 24 32 48 64 128 256 512"

if [ "${1:-}" = "--remove" ]; then
  rm -f "$entry"
  for s in $sizes; do rm -f "$data/icons/hicolor/${s}x${s}/apps/mpro-desktop.png"; done
  echo "MPRO Desktop removed from the application menu"
  exit 0
fi

[ -x "$here/mpro-desktop" ] || { echo "$0: run me from the bundle folder" >&2; exit 1; }
mkdir -p "$data/applications"
for s in $sizes; do
  mkdir -p "$data/icons/hicolor/${s}x${s}/apps"
  cp "$here/share/icons/hicolor/${s}x${s}/apps/mpro-desktop.png" \
     "$data/icons/hicolor/${s}x${s}/apps/mpro-desktop.png"
done
# Exec with the bundle's absolute path: no PATH entry needed ("" keep spaces intact).
sed "s|^Exec=mpro-desktop|Exec=\"$here/mpro-desktop\"|" \
  "$here/share/applications/mpro-desktop.desktop" > "$entry"
# menus and icon caches refresh themselves on most desktops; these help the others
if command -v update-desktop-database >/dev/null; then
  update-desktop-database -q "$data/applications" || true
fi
if command -v gtk-update-icon-cache >/dev/null; then
  gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
fi
echo "MPRO Desktop added to the application menu ($entry)"
