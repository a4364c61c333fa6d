# Sourced by the build and test scripts: `apt_install <package>...` installs the Debian packages
# that are missing (nothing when all are there), running `apt-get update` at most once.
export DEBIAN_FRONTEND=noninteractive
APT_UPDATED="${APT_UPDATED:-}"

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ -z "$APT_UPDATED" ]; then
    $sudo apt-get update -q
    APT_UPDATED=1
  fi
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}
