#!/bin/sh
# Add Field Visit to this user's desktop: its menu entry, icons, the workspace file type (so a
# double-clicked .fieldvisit file opens in it) and its AppStream metainfo, under
# ${XDG_DATA_HOME:-~/.local/share}. Nothing outside your home folder is touched; no root needed.
#
#   install-desktop.sh [PATH/TO/fieldvisit]   install (the menu entry starts that program)
#   install-desktop.sh --uninstall            remove what an install added
#
# Without a path it uses the `fieldvisit` next to this script (an unpacked bundle), else the one
# on PATH. The files come from the bundle's share/ beside this script (the layout they are
# installed in), or from a checkout's resources/ (FIELDVISIT_RESOURCES names another one).
set -eu

APP_ID=io.github.fieldvisit.FieldVisit
SIZES="16 24 32 48 64 128 256 512"
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}

say() { printf '%s\n' "$*"; }
fail() { printf 'install-desktop.sh: %s\n' "$*" >&2; exit 1; }

put() {
  # Copy $1 to $2, unless they are the same file (installing from where it was installed).
  [ -f "$1" ] || fail "$1 is missing"
  [ "$1" -ef "$2" ] || cp "$1" "$2"
}

refresh() {
  # Each cache is optional: desktops without these tools read the files directly.
  if command -v update-mime-database >/dev/null 2>&1 && [ -d "$data/mime/packages" ]; then
    update-mime-database "$data/mime" >/dev/null 2>&1 || true
  fi
  if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$data/applications" ]; then
    update-desktop-database "$data/applications" >/dev/null 2>&1 || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -d "$data/icons/hicolor" ]; then
    gtk-update-icon-cache --force --ignore-theme-index --quiet "$data/icons/hicolor" 2>/dev/null || true
  fi
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$data/applications/$APP_ID.desktop" "$data/metainfo/$APP_ID.metainfo.xml" \
    "$data/mime/packages/$APP_ID.xml" "$data/icons/hicolor/scalable/apps/$APP_ID.svg"
  for size in $SIZES; do
    rm -f "$data/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
  done
  refresh
  say "Removed Field Visit's menu entry, icons and file type from $data."
  exit 0
fi

# Where the files are: a bundle's share/ (installed layout) or a checkout's resources/.
desktop_file=
for share in "$here/share" "$here/../share"; do
  if [ -f "$share/applications/$APP_ID.desktop" ]; then
    desktop_file=$share/applications/$APP_ID.desktop
    metainfo_file=$share/metainfo/$APP_ID.metainfo.xml
    mime_file=$share/mime/packages/$APP_ID.xml
    svg_file=$share/icons/hicolor/scalable/apps/$APP_ID.svg
    hicolor=$share/icons/hicolor
    break
  fi
done
if [ -z "$desktop_file" ]; then
  for resources in "${FIELDVISIT_RESOURCES:-}" "$here/../../resources"; do
    if [ -n "$resources" ] && [ -f "$resources/linux/$APP_ID.desktop" ]; then
      desktop_file=$resources/linux/$APP_ID.desktop
      metainfo_file=$resources/linux/$APP_ID.metainfo.xml
      mime_file=$resources/linux/mime/$APP_ID.xml
      svg_file=$resources/icons/$APP_ID.svg
      hicolor=$resources/icons/hicolor
      break
    fi
  done
fi
[ -n "$desktop_file" ] || fail "cannot find $APP_ID.desktop in share/ or resources/ near $here"

if [ $# -ge 1 ]; then
  program=$1
elif [ -x "$here/fieldvisit" ]; then
  program=$here/fieldvisit
else
  program=$(command -v fieldvisit 2>/dev/null) || fail "no fieldvisit program found: name it, e.g. install-desktop.sh ~/Apps/fieldvisit/fieldvisit"
fi
[ -x "$program" ] || fail "$program is not a program that can be run"
program=$(cd "$(dirname "$program")" && pwd)/$(basename "$program")
case $program in
  *[\"\`\$\\]*) fail "the path $program has a character a menu entry cannot hold (\" \` \$ or \\); move the app" ;;
esac
case $program in
  *[!A-Za-z0-9/._+-]*) exec_path="\"$program\"" ;;  # spaces and the like: quoted (Desktop Entry spec)
  *) exec_path=$program ;;
esac

mkdir -p "$data/applications" "$data/metainfo" "$data/mime/packages" \
  "$data/icons/hicolor/scalable/apps"
# The entry starts this program: Exec and TryExec get its full path (whatever they held).
tmp_entry=$data/applications/.$APP_ID.desktop.new
sed -e "s|^Exec=.*|Exec=$exec_path %f|" -e "s|^TryExec=.*|TryExec=$program|" \
  "$desktop_file" >"$tmp_entry"
mv "$tmp_entry" "$data/applications/$APP_ID.desktop"
put "$metainfo_file" "$data/metainfo/$APP_ID.metainfo.xml"
put "$mime_file" "$data/mime/packages/$APP_ID.xml"
put "$svg_file" "$data/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in $SIZES; do
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
  put "$hicolor/${size}x${size}/apps/$APP_ID.png" "$data/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
refresh
say "Field Visit is in your applications menu, and .fieldvisit files open in it ($data)."
say "It starts $program; run this script again after moving the app."
