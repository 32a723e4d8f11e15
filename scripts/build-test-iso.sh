#!/usr/bin/env bash
# Builds the small bootable ISO that the image and instance integration tests deploy: isolinux boots a
# Debian kernel with a busybox initramfs whose /init (scripts/test-iso/init) configures the first
# ethernet interface by DHCP, or from an OpenStack config drive (label config-2) when DHCP does not
# answer, then serves http://<ip>/ with a page naming "cumulo-test-vm <ip>" and prints
# "CUMULO-TEST-VM READY ip=<ip>" on the serial and VGA consoles.
#
#   scripts/build-test-iso.sh [--output PATH] [--cache-dir DIR] [--kernel-package PKG]
#
#   --output PATH          the ISO to write (default build/test-iso/cumulo-test.iso)
#   --cache-dir DIR        where downloaded .deb files are kept (default build/test-iso/cache)
#   --kernel-package PKG   the kernel package, a metapackage or a versioned one
#                          (default linux-image-cloud-amd64; linux-image-amd64 gives a smaller ISO
#                          that boots slower under emulation)
#
# Everything comes from Debian packages: the kernel, busybox-static, isolinux and syslinux-common are
# fetched with `apt-get download` and unpacked with `dpkg-deb -x` into a scratch directory (nothing is
# installed from them); genisoimage, cpio and xz-utils are installed with apt-get when missing. A
# second run reuses the cached .deb files and only rebuilds the ISO (a few seconds). Prints the ISO's
# path, size and sha256 at the end.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=$REPO/build/test-iso
OUTPUT=$BUILD_DIR/cumulo-test.iso
CACHE=$BUILD_DIR/cache
KERNEL_PACKAGE=linux-image-cloud-amd64

# Drivers the initramfs loads, when the kernel has them as modules (built-in ones need nothing):
# virtio NIC, disk and SCSI; IDE/SATA CD-ROMs and disks (config drives); ISO 9660; common emulated NICs.
MODULES="virtio_pci virtio_net virtio_blk virtio_scsi ata_piix ata_generic ahci sr_mod sd_mod isofs
         e1000 e1000e 8139cp 8139too"
# Kernel command line: serial console last so that /dev/console (and the READY line) is ttyS0.
CMDLINE="console=tty0 console=ttyS0,115200n8 panic=10"

die() { printf 'build-test-iso: error: %s\n' "$*" >&2; exit 1; }
note() { printf 'build-test-iso: %s\n' "$*" >&2; }
usage() { sed -n '8,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case $1 in
        --output) [ $# -ge 2 ] || die "--output needs a path"; OUTPUT=$(realpath -m -- "$2"); shift 2 ;;
        --output=*) OUTPUT=$(realpath -m -- "${1#*=}"); shift ;;
        --cache-dir) [ $# -ge 2 ] || die "--cache-dir needs a directory"; CACHE=$(realpath -m -- "$2"); shift 2 ;;
        --cache-dir=*) CACHE=$(realpath -m -- "${1#*=}"); shift ;;
        --kernel-package) [ $# -ge 2 ] || die "--kernel-package needs a package"; KERNEL_PACKAGE=$2; shift 2 ;;
        --kernel-package=*) KERNEL_PACKAGE=${1#*=}; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done

# --- host tools -------------------------------------------------------------------------------------
missing=()
command -v genisoimage >/dev/null || missing+=(genisoimage)
command -v cpio >/dev/null || missing+=(cpio)
command -v xz >/dev/null || missing+=(xz-utils)
if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then die "needs apt-get and dpkg-deb (Debian)"; fi
apt_updated=0
apt_update() {
    [ "$apt_updated" = 1 ] && return 0
    [ "$(id -u)" = 0 ] || return 1
    note "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && apt_updated=1
}
if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "missing packages, install them as root: ${missing[*]}"
    apt_update || true
    note "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$CACHE" "$(dirname "$OUTPUT")"
# One build at a time per cache (parallel test runs).
exec 9>"$CACHE/.lock"
flock 9

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cumulo-test-iso.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# --- Debian packages --------------------------------------------------------------------------------
candidate() { apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2; exit }'; }

# Prints the path of the cached .deb of the candidate version of package $1, downloading it if needed.
# Offline (no candidate known to apt), falls back to the newest cached .deb of the package.
fetch_deb() {
    local pkg=$1 ver f
    ver=$(candidate "$pkg")
    if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
        apt_update >/dev/null 2>&1 || true
        ver=$(candidate "$pkg")
    fi
    if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
        f=$(ls -t "$CACHE/${pkg}"_*.deb 2>/dev/null | head -n 1 || true)
        [ -n "$f" ] || die "apt knows no package $pkg and none is cached in $CACHE"
        note "apt knows no $pkg; using the cached $(basename "$f")"
        echo "$f"
        return
    fi
    for f in "$CACHE/${pkg}"_*.deb; do
        [ -f "$f" ] && [ "$(dpkg-deb -f "$f" Version)" = "$ver" ] && { echo "$f"; return; }
    done
    note "downloading $pkg $ver"
    local opts=()
    [ "$(id -u)" = 0 ] && opts=(-o APT::Sandbox::User=root)
    if ! (cd "$WORK" && apt-get download -qq "${opts[@]}" "$pkg=$ver" >&2); then
        f=$(ls -t "$CACHE/${pkg}"_*.deb 2>/dev/null | head -n 1 || true)
        [ -n "$f" ] || die "apt-get download $pkg=$ver failed"
        note "apt-get download $pkg=$ver failed; using the cached $(basename "$f")"
        echo "$f"
        return
    fi
    for f in "$WORK/${pkg}"_*.deb; do
        [ -f "$f" ] || continue
        rm -f "$CACHE/${pkg}"_*.deb
        mv "$f" "$CACHE/"
        echo "$CACHE/$(basename "$f")"
        return
    done
    die "apt-get download $pkg left no .deb"
}

# The versioned kernel package behind a metapackage such as linux-image-cloud-amd64.
kernel_pkg=$KERNEL_PACKAGE
dep=$(apt-cache depends "$KERNEL_PACKAGE" 2>/dev/null \
      | awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }' || true)
[ -n "$dep" ] && kernel_pkg=$dep

unpack() { mkdir -p "$2" && dpkg-deb -x "$1" "$2"; }
deb=$(fetch_deb busybox-static); unpack "$deb" "$WORK/busybox"
deb=$(fetch_deb isolinux); unpack "$deb" "$WORK/isolinux"
deb=$(fetch_deb syslinux-common); unpack "$deb" "$WORK/syslinux"
BUSYBOX=$WORK/busybox/bin/busybox
[ -x "$BUSYBOX" ] || die "busybox-static has no bin/busybox"

# --- kernel -----------------------------------------------------------------------------------------
# The kernel image and the wanted modules with everything they depend on, kept in the cache per kernel
# .deb and module list ("stage") so that later builds skip unpacking the whole kernel package.
kernel_deb=$(fetch_deb "$kernel_pkg")
STAGE=$CACHE/kernel-$(basename "$kernel_deb" .deb)-$(echo "$MODULES" | tr -s ' \n' ' ' | sha256sum | cut -c1-12)
if [ ! -f "$STAGE/kver" ]; then
    note "unpacking $(basename "$kernel_deb")"
    unpack "$kernel_deb" "$WORK/kernel"
    vmlinuz=$(ls "$WORK"/kernel/boot/vmlinuz-* 2>/dev/null | head -n 1)
    [ -n "$vmlinuz" ] || die "$kernel_pkg has no /boot/vmlinuz-*"
    kver=${vmlinuz##*/vmlinuz-}
    moddir=lib/modules/$kver
    [ -d "$WORK/kernel/$moddir" ] || die "$kernel_pkg has no /$moddir"
    # Modules may be compressed in newer kernels; busybox modprobe wants them plain.
    find "$WORK/kernel/$moddir" -name '*.ko.xz' -exec xz -d {} +
    find "$WORK/kernel/$moddir" -name '*.ko.zst' -exec sh -c 'for f; do zstd -q -d --rm "$f"; done' sh {} +
    "$BUSYBOX" depmod -b "$WORK/kernel" "$kver"

    rm -rf "$CACHE"/kernel-*
    tmp=$WORK/stage
    mkdir -p "$tmp/$moddir"
    cp "$vmlinuz" "$tmp/vmlinuz"
    # Module names that exist as .ko files (modules.dep lines are "path: dep-path ..."); the kernel has
    # the others built in, or lacks them.
    : >"$tmp/modules"
    for m in $MODULES; do
        line=$(grep -E "(^|/)${m}\.ko:" "$WORK/kernel/$moddir/modules.dep" || true)
        [ -n "$line" ] || continue
        echo "$m" >>"$tmp/modules"
        for path in $(echo "$line" | tr -d ':'); do
            mkdir -p "$tmp/$moddir/$(dirname "$path")"
            cp "$WORK/kernel/$moddir/$path" "$tmp/$moddir/$path"
        done
    done
    cp "$WORK/kernel/$moddir"/modules.{order,builtin} "$tmp/$moddir/" 2>/dev/null || true
    echo "$kver" >"$tmp/kver"
    rm -rf "$WORK/kernel"
    mv "$tmp" "$STAGE"
fi
kver=$(cat "$STAGE/kver")
moddir=lib/modules/$kver
note "kernel $kver ($kernel_pkg), modules: $(tr '\n' ' ' <"$STAGE/modules")"

# --- initramfs --------------------------------------------------------------------------------------
ROOT=$WORK/initramfs
mkdir -p "$ROOT"/{bin,dev,etc/udhcpc,lib/cumulo,lib/modules,mnt,proc,root,run,sys,tmp,www}
ln -s bin "$ROOT/sbin"
cp "$BUSYBOX" "$ROOT/bin/busybox"
for applet in $("$BUSYBOX" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$ROOT/bin/$applet"
done
install -m 0755 "$REPO/scripts/test-iso/init" "$ROOT/init"
install -m 0755 "$REPO/scripts/test-iso/udhcpc.script" "$ROOT/etc/udhcpc/default.script"
install -m 0644 "$REPO/scripts/test-iso/json-flatten.awk" "$ROOT/lib/cumulo/json-flatten.awk"
printf 'export PS1='\''\\h:\\w# '\''\n' >"$ROOT/etc/profile"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$ROOT/etc/passwd"
printf 'root:x:0:\n' >"$ROOT/etc/group"
[ "$(id -u)" = 0 ] && mknod -m 600 "$ROOT/dev/console" c 5 1
cp "$STAGE/modules" "$ROOT/etc/modules"
cp -r "$STAGE/$moddir" "$ROOT/lib/modules/"
"$BUSYBOX" depmod -b "$ROOT" "$kver"

mkdir -p "$WORK/iso/boot" "$WORK/iso/isolinux"
(cd "$ROOT" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) \
    | xz -6 --check=crc32 >"$WORK/iso/boot/initrd.img"

# --- ISO --------------------------------------------------------------------------------------------
cp "$STAGE/vmlinuz" "$WORK/iso/boot/vmlinuz"
cp "$WORK/isolinux/usr/lib/ISOLINUX/isolinux.bin" "$WORK/iso/isolinux/"
cp "$WORK/syslinux/usr/lib/syslinux/modules/bios/ldlinux.c32" "$WORK/iso/isolinux/"
cat >"$WORK/iso/isolinux/isolinux.cfg" <<EOF
SERIAL 0 115200
DEFAULT cumulo
PROMPT 0
TIMEOUT 0
LABEL cumulo
  LINUX /boot/vmlinuz
  INITRD /boot/initrd.img
  APPEND $CMDLINE
EOF
cat >"$WORK/iso/README.TXT" <<EOF
Cumulo test VM: Linux $kver with a busybox initramfs, built by scripts/build-test-iso.sh.
Serves http://<ip>/ (a page with "cumulo-test-vm <ip>") once its first ethernet interface has an
address from DHCP or from an OpenStack config drive (label config-2, openstack/latest/network_data.json).
EOF

genisoimage -quiet -o "$WORK/out.iso" -V CUMULO_TEST -A "Cumulo test VM" -J -r \
    -b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table \
    "$WORK/iso"
mv -f "$WORK/out.iso" "$OUTPUT.tmp.$$"
mv -f "$OUTPUT.tmp.$$" "$OUTPUT"

size=$(stat -c %s "$OUTPUT")
echo "iso: $OUTPUT"
echo "size: $size bytes ($(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1048576 }') MiB)"
echo "sha256: $(sha256sum "$OUTPUT" | cut -d' ' -f1)"
