#!/usr/bin/env bash
# start.sh PORT DATADIR
#
# Configure and start a REAL OpenStack Glance v2 API server (Debian bookworm
# package glance-api 2:25.1.0 = upstream Zed) on 127.0.0.1:PORT, with all state
# (sqlite DB, file store, staging, locks, logs, config, pid file) under DATADIR.
#
# It runs glance-api as a foreground (non-daemon) eventlet process that we put
# in the background; its PID is written to DATADIR/glance-api.pid and printed
# on stdout (last line). Stop it with: stop.sh DATADIR
#
# Environment knobs (all optional):
#   GLANCE_AUTH=noauth    (default) pipeline "unauthenticated-context": every
#                         request is an ADMIN context with no project
#                         (owner=null unless you pass "owner" in the body).
#                         Identity headers are ignored.
#   GLANCE_AUTH=headers   pipeline "context" WITHOUT keystone: the identity is
#                         taken from request headers, as if keystonemiddleware
#                         had validated a token:
#                           X-Identity-Status: Confirmed   (required, else 401)
#                           X-Project-Id: <project>  (or legacy X-Tenant-Id)
#                           X-User-Id: <user>        X-Roles: admin | member,reader
#                         Requests without X-Identity-Status: Confirmed get 401,
#                         or with GLANCE_ANON=1 a read-only anonymous context
#                         (sees public/community images only).
#   GLANCE_AUTH=keystone  pipeline "authtoken context": needs a real Keystone;
#                         set KEYSTONE_URL (e.g. http://127.0.0.1:5000) and the
#                         service user GLANCE_KS_USER/GLANCE_KS_PASSWORD
#                         (see keystone-start.sh / NOTES.md).
#   GLANCE_WORKERS=0      0 = single process (default, simplest to stop);
#                         N>0 = parent + N forked workers.
#   GLANCE_LIMIT_DEFAULT=25  limit_param_default (page size when no ?limit)
#   GLANCE_LIMIT_MAX=1000    api_limit_max (larger ?limit is silently clamped)
#   GLANCE_DEBUG=0           1 = debug logging
#   GLANCE_TOKEN_CACHE_TIME=300  keystone mode: how long a validated token is trusted (-1: never)
#
# Re-running start.sh on an existing DATADIR keeps the DB and images
# (db_sync is idempotent); it refuses to start if the pid file is alive.
set -euo pipefail

PORT="${1:?usage: start.sh PORT DATADIR}"
DATADIR="${2:?usage: start.sh PORT DATADIR}"
AUTH="${GLANCE_AUTH:-noauth}"
WORKERS="${GLANCE_WORKERS:-0}"
LIMIT_DEFAULT="${GLANCE_LIMIT_DEFAULT:-25}"
LIMIT_MAX="${GLANCE_LIMIT_MAX:-1000}"
DEBUG="$([ "${GLANCE_DEBUG:-0}" = 1 ] && echo True || echo False)"
ANON="$([ "${GLANCE_ANON:-0}" = 1 ] && echo True || echo False)"
PY=/usr/bin/python3   # NOT the python3 on PATH (pyenv shim without oslo libs)

command -v glance-api >/dev/null || { echo "glance-api not installed: run install.sh" >&2; exit 1; }

mkdir -p "$DATADIR"
DATADIR="$(cd "$DATADIR" && pwd)"
PIDFILE="$DATADIR/glance-api.pid"
if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  echo "already running with PID $(cat "$PIDFILE") (pid file $PIDFILE)" >&2
  exit 1
fi
mkdir -p "$DATADIR"/{etc,images,staging,lock,cache,log}
# Refuse a busy port: otherwise the readiness probe below would be answered by
# whatever already listens there, while our glance-api retries bind() for 30 s.
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "port 127.0.0.1:$PORT is already in use" >&2; exit 1
fi

case "$AUTH" in
  noauth)   FLAVOR="" ;;                  # -> [pipeline:glance-api]
  headers)  FLAVOR="headers" ;;           # -> [pipeline:glance-api-headers]
  keystone) FLAVOR="keystone" ;;          # -> [pipeline:glance-api-keystone]
  *) echo "GLANCE_AUTH must be noauth|headers|keystone" >&2; exit 2 ;;
esac

# ---------------------------------------------------------------- paste ini
# Same filters as Debian's /etc/glance/glance-api-paste.ini plus a
# "glance-api-headers" pipeline = keystone pipeline minus authtoken.
cat > "$DATADIR/etc/glance-api-paste.ini" <<'EOF'
[pipeline:glance-api]
pipeline = cors healthcheck http_proxy_to_wsgi versionnegotiation unauthenticated-context rootapp

[pipeline:glance-api-headers]
pipeline = cors healthcheck http_proxy_to_wsgi versionnegotiation context rootapp

[pipeline:glance-api-keystone]
pipeline = cors healthcheck http_proxy_to_wsgi versionnegotiation authtoken context rootapp

[composite:rootapp]
paste.composite_factory = glance.api:root_app_factory
/: apiversions
/v2: apiv2app

[app:apiversions]
paste.app_factory = glance.api.versions:create_resource

[app:apiv2app]
paste.app_factory = glance.api.v2.router:API.factory

[filter:healthcheck]
paste.filter_factory = oslo_middleware:Healthcheck.factory
backends = disable_by_file
disable_by_file_path = /nonexistent/glance_healthcheck_disable

[filter:versionnegotiation]
paste.filter_factory = glance.api.middleware.version_negotiation:VersionNegotiationFilter.factory

[filter:context]
paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory

[filter:unauthenticated-context]
paste.filter_factory = glance.api.middleware.context:UnauthenticatedContextMiddleware.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
delay_auth_decision = true

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = glance
oslo_config_program = glance-api

[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware:HTTPProxyToWSGI.factory
EOF

# ---------------------------------------------------------------- main conf
cat > "$DATADIR/etc/glance-api.conf" <<EOF
[DEFAULT]
bind_host = 127.0.0.1
bind_port = $PORT
workers = $WORKERS
debug = $DEBUG
use_stderr = False
log_file = $DATADIR/log/glance-api.log
limit_param_default = $LIMIT_DEFAULT
api_limit_max = $LIMIT_MAX
allow_anonymous_access = $ANON
node_staging_uri = file://$DATADIR/staging
image_cache_dir = $DATADIR/cache
show_image_direct_url = False
# no notifications / RPC bus
[oslo_messaging_notifications]
driver = noop

[image_format]
# Glance's default list plus the Huawei IMS formats, so that zvhd2/zvhd images
# (as returned by the real IMS) can be created here too.
disk_formats = ami,ari,aki,vhd,vhdx,vmdk,raw,qcow2,vdi,iso,ploop,zvhd2,zvhd

[database]
connection = sqlite:///$DATADIR/glance.sqlite

[glance_store]
stores = file,http
default_store = file
filesystem_store_datadir = $DATADIR/images

[oslo_concurrency]
lock_path = $DATADIR/lock

[oslo_policy]
# empty dir: do not pick up /etc/glance/policy.d
policy_dirs = $DATADIR/etc/policy.d

[paste_deploy]
config_file = $DATADIR/etc/glance-api-paste.ini
flavor = $FLAVOR

[keystone_authtoken]
www_authenticate_uri = ${KEYSTONE_URL:-http://127.0.0.1:5000}
auth_url = ${KEYSTONE_URL:-http://127.0.0.1:5000}
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = ${GLANCE_KS_PROJECT:-service}
username = ${GLANCE_KS_USER:-glance}
password = ${GLANCE_KS_PASSWORD:-glance}
service_token_roles_required = False
# seconds keystonemiddleware trusts a validated token; -1 = validate every request,
# so a revoked token is refused at once (the re-authentication test needs that)
token_cache_time = ${GLANCE_TOKEN_CACHE_TIME:-300}
interface = public
memcached_servers =
EOF
# Policy: the deployed (Zed) defaults run with enforce_new_defaults=False, so
# every rule falls back to "" (anyone) EXCEPT publicize_image = role:admin.
# The unauthenticated context is is_admin=True but has NO roles, so in noauth
# mode creating visibility=public images would be 403 -> open that one rule.
mkdir -p "$DATADIR/etc/policy.d"
rm -f "$DATADIR/etc/policy.d/noauth.yaml"
if [ "$AUTH" = noauth ]; then
  printf '%s\n' '"publicize_image": ""' > "$DATADIR/etc/policy.d/noauth.yaml"
fi

# ---------------------------------------------------------------- database
# Idempotent: creates/upgrades the schema (alembic) in the sqlite file.
if ! glance-manage --config-file "$DATADIR/etc/glance-api.conf" db_sync \
      > "$DATADIR/log/db_sync.log" 2>&1; then
  echo "glance-manage db_sync failed:" >&2; tail -20 "$DATADIR/log/db_sync.log" >&2; exit 1
fi

# ---------------------------------------------------------------- start
# --config-file only: do not let oslo.config pick up /etc/glance/glance-api.conf
# (it does so when no --config-file is given).
nohup glance-api --config-file "$DATADIR/etc/glance-api.conf" \
  > "$DATADIR/log/stdout.log" 2>&1 < /dev/null &
PID=$!
echo "$PID" > "$PIDFILE"

# wait until it answers (GET / = versions document), max ~30 s
for _ in $(seq 1 150); do
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "glance-api exited early; logs:" >&2
    tail -30 "$DATADIR/log/stdout.log" "$DATADIR/log/glance-api.log" >&2 || true
    rm -f "$PIDFILE"; exit 1
  fi
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/versions" || true)
  if [ "$code" = 200 ]; then
    echo "$PID"
    exit 0
  fi
  sleep 0.2
done
echo "glance-api did not answer on 127.0.0.1:$PORT within 30 s (PID $PID still running)" >&2
exit 1
