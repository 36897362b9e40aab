#!/usr/bin/env bash
# Builds the images docker-compose.yml runs, from Debian packages and this checkout alone (no registry):
#   1. shears/debian:bookworm  a minimal Debian made with debootstrap and `docker import`
#   2. shears/jre:17           + openjdk-17-jre-headless and curl from apt (jre.Dockerfile)
#   3. shears:latest           + the launcher, its libraries and the Kafka broker's jars (Dockerfile)
#   4. shears/prometheus:bookworm  Debian's prometheus package (prometheus.Dockerfile), for the metrics
# An image that exists is reused; --rebuild makes them all again. The Maven build runs unless --no-maven.
# Needs: docker, debootstrap (for step 1), mvn and a JDK 17 (for step 3); step 1 runs as root.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
security="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
base="${SHEARS_BASE_IMAGE:-shears/debian:bookworm}"
jre="${SHEARS_JRE_IMAGE:-shears/jre:17}"
image="${SHEARS_IMAGE:-shears:latest}"
prometheus="${PROMETHEUS_IMAGE:-shears/prometheus:bookworm}"
rebuild=false
maven=true
for arg in "$@"; do
  case "$arg" in
    --rebuild) rebuild=true ;;
    --no-maven) maven=false ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-images.sh: unknown argument '$arg' (known: --rebuild, --no-maven)" >&2; exit 2 ;;
  esac
done

say() { printf '[build-images] %s\n' "$*" >&2; }
have() { ! $rebuild && docker image inspect "$1" >/dev/null 2>&1; }

command -v docker >/dev/null || { echo "build-images.sh: docker is not installed" >&2; exit 2; }
docker info >/dev/null 2>&1 || { echo "build-images.sh: the Docker engine does not answer (is dockerd running?)" >&2; exit 2; }

if have "$base"; then
  say "reusing $base"
else
  command -v debootstrap >/dev/null || { echo "build-images.sh: debootstrap is not installed" >&2; exit 2; }
  [ "$(id -u)" = 0 ] || { echo "build-images.sh: debootstrap needs root to make $base" >&2; exit 2; }
  rootfs="$(mktemp -d /tmp/shears-rootfs.XXXXXX)"
  trap 'rm -rf "$rootfs"' EXIT
  say "debootstrap bookworm from $mirror into $rootfs"
  nice -n 10 debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >&2
  cat > "$rootfs/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
SOURCES
  # An image has no use for apt's downloaded lists and archives; jre.Dockerfile fetches fresh lists.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb
  say "docker import -> $base"
  tar -C "$rootfs" --numeric-owner -c . | docker import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8' \
      --change 'CMD ["/bin/bash"]' - "$base" >/dev/null
  rm -rf "$rootfs"
  trap - EXIT
fi

if have "$jre"; then
  say "reusing $jre"
else
  say "docker build -> $jre"
  nice -n 10 docker build --build-arg "BASE=$base" -t "$jre" -f "$here/jre.Dockerfile" "$here" >&2
fi

if have "$prometheus"; then
  say "reusing $prometheus"
else
  say "docker build -> $prometheus"
  nice -n 10 docker build --build-arg "BASE=$base" -t "$prometheus" -f "$here/prometheus.Dockerfile" "$here" >&2
fi

if $maven; then
  say "mvn package (launcher and the modules it needs)"
  (cd "$root" && nice -n 10 mvn -B -q -pl launcher -am package -DskipTests) >&2
fi
context="$root/launcher/target/image"
for need in "$root/launcher/target/shears-launcher.jar" "$root/launcher/target/lib" "$root/broker/target/broker-lib"; do
  [ -e "$need" ] || { echo "build-images.sh: $need is missing; run without --no-maven" >&2; exit 2; }
done
rm -rf "$context"
mkdir -p "$context"
cp -r "$root/launcher/target/lib" "$context/lib"
cp "$root/launcher/target/shears-launcher.jar" "$context/"
cp -r "$root/broker/target/broker-lib" "$context/broker-lib"
cp "$here/shears-healthcheck" "$context/"
say "docker build -> $image"
nice -n 10 docker build --build-arg "BASE=$jre" -t "$image" -f "$here/Dockerfile" "$context" >&2
docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E "^(${base%%:*}|${jre%%:*}|${image%%:*}|${prometheus%%:*}):" >&2 || true
