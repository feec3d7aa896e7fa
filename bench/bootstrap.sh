#!/bin/bash
# Times febootstrap (issue 3) with hyperfine: dnf into a fresh root, as root and as nobody (fakeroot +
# fakechroot), against the tiny rpm repository BootstrapRpmTest builds in
# febootstrap-cli/target/test-rpm-repository; and the apt path (mmdebstrap, network) once.
# Usage: bench/bootstrap.sh   (as root, after: mvn -pl febootstrap-cli -am verify -Dtest=BootstrapRpmTest)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repo=$here/febootstrap-cli/target/test-rpm-repository/repo
[ -d "$repo/repodata" ] || { echo "no $repo: run BootstrapRpmTest first" >&2; exit 1; }
cd "$here"
mvn -q -o -pl febootstrap-cli -am package -DskipTests
work=$(mktemp -d /tmp/febootstrap-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 1777 "$work"
mkdir "$work/cp"
mvn -q -o -pl febootstrap-cli dependency:build-classpath -Dmdep.includeScope=runtime -DexcludeGroupIds=org.febootstrap -Dmdep.outputFile="$work/deps.txt" >/dev/null
cp febootstrap-cli/target/febootstrap-cli-*.jar febootstrap-core/target/febootstrap-core-*[0-9].jar "$work/cp/"
tr ':' '\n' < "$work/deps.txt" | xargs -I{} cp {} "$work/cp/"
chmod -R a+rX "$work/cp"
cp_arg=$(ls "$work"/cp/*.jar | tr '\n' ':')
java=$(command -v java)
fb="$java -cp $cp_arg org.febootstrap.cli.Bootstrap"
pkgs="-i tiny-app -i tiny-post -i tiny-owned"
hyperfine --warmup 1 --runs 10 \
    --prepare "rm -rf $work/root" -n "root: febootstrap $pkgs fedora-test T file://REPO" \
    "$fb $pkgs fedora-test $work/root file://$repo" \
    --prepare "rm -rf $work/user" -n "nobody: febootstrap $pkgs fedora-test T file://REPO" \
    "runuser -u nobody -- $fb $pkgs fedora-test $work/user file://$repo"
hyperfine --runs 3 --prepare "rm -rf $work/deb" -n "root: febootstrap -i bash T (mmdebstrap, host mirror)" \
    "$fb -i bash $work/deb"
