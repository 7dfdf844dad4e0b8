#!/bin/bash
#
# Stand-ins for the DevStack functions and variables the Promise plugin
# uses, for running its phases in a sandbox directory ($SANDBOX).
#
# The INI helpers edit real files, as DevStack's do (ini_tool.py); the
# functions that would reach Keystone, a database server, systemd or
# Apache append their name and arguments to $SANDBOX/calls instead; the
# helpers that only compute a value (database_connection_url,
# get_transport_url) or only write configuration
# (configure_keystone_authtoken_middleware, setup_logging,
# write_uwsgi_config, iniset_rpc_backend) write what DevStack writes.
#
# The caller sets SANDBOX, PROMISE_TEST_PYTHON, PROMISE_TEST_INI_TOOL and
# ENABLED_SERVICES.
# shellcheck disable=SC2034

# DevStack's environment, as stack.sh sets it.
DEST=$SANDBOX/opt/stack
DATA_DIR=$SANDBOX/data
STACK_USER=$(id -un)
PYTHON=$PROMISE_TEST_PYTHON
SERVICE_PROTOCOL=http
SERVICE_HOST=192.0.2.10
SERVICE_LISTEN_ADDRESS=0.0.0.0
SERVICE_PASSWORD=secretservice
SERVICE_PROJECT_NAME=service
SERVICE_DOMAIN_NAME=Default
SERVICE_TIMEOUT=60
REGION_NAME=RegionOne
KEYSTONE_SERVICE_URI=http://192.0.2.10/identity
ENABLE_DEBUG_LOG_LEVEL=True
DATABASE_USER=root
DATABASE_PASSWORD=secretdb
DATABASE_HOST=127.0.0.1
MYSQL_GATHER_PERFORMANCE=True
RABBIT_USERID=stackrabbit
RABBIT_PASSWORD=secretrabbit
RABBIT_HOST=192.0.2.10
API_WORKERS=2
MEMCACHE_SERVERS=localhost:11211
SSL_BUNDLE_FILE=
NOVA_CONF=$SANDBOX/etc/nova/nova.conf
HORIZON_DIR=$DEST/horizon

function _record {
    echo "$*" >> "$SANDBOX/calls"
}

function die {
    shift
    echo "die: $*" >&2
    exit 1
}

function sudo {
    "$@"
}

# functions-common

function define_plugin {
    _record define_plugin "$@"
}

function enable_service {
    local service
    for service in "$@"; do
        if [[ ",$ENABLED_SERVICES," != *",$service,"* ]]; then
            ENABLED_SERVICES="$ENABLED_SERVICES,$service"
        fi
    done
}

# True when any of the services is enabled. As in DevStack, a service
# with an is_<name>_enabled function (lib/keystone's "keystone" for "key",
# lib/nova's "nova" for any n-*) is asked through that function.
function is_service_enabled {
    local service
    for service in "$@"; do
        if declare -F "is_${service}_enabled" >/dev/null; then
            if "is_${service}_enabled"; then
                return 0
            fi
        elif [[ ",$ENABLED_SERVICES," == *",$service,"* ]]; then
            return 0
        fi
    done
    return 1
}

function is_keystone_enabled {
    [[ ",$ENABLED_SERVICES," == *",key,"* ]]
}

function is_nova_enabled {
    [[ ",$ENABLED_SERVICES" == *",n-"* ]]
}

# trueorfalse DEFAULT VARNAME: the variable's value as True or False.
function trueorfalse {
    local default=$1
    local value=${!2:-$default}
    case "${value,,}" in
        1|yes|true|on) echo True ;;
        0|no|false|off) echo False ;;
        *) echo "$default" ;;
    esac
}

function echo_summary {
    _record echo_summary "$@"
}

function get_python_exec_prefix {
    echo "$SANDBOX/bin"
}

function setup_develop {
    _record setup_develop "$@"
}

function install_apache_uwsgi {
    _record install_apache_uwsgi
}

function run_process {
    _record run_process "$@"
}

function stop_process {
    _record stop_process "$@"
}

function wait_for_service {
    _record wait_for_service "$@"
}

function recreate_database {
    _record recreate_database "$@"
}

function create_service_user {
    _record create_service_user "$@"
}

function get_or_create_service {
    _record get_or_create_service "$@"
    echo 0123456789abcdef
}

function get_or_create_endpoint {
    _record get_or_create_endpoint "$@"
    echo fedcba9876543210
}

# inc/ini-config

function iniset {
    "$PYTHON" -S "$PROMISE_TEST_INI_TOOL" iniset "$@"
}

function iniset_multiline {
    "$PYTHON" -S "$PROMISE_TEST_INI_TOOL" iniset_multiline "$@"
}

function iniadd {
    "$PYTHON" -S "$PROMISE_TEST_INI_TOOL" iniadd "$@"
}

function iniget {
    "$PYTHON" -S "$PROMISE_TEST_INI_TOOL" iniget "$@"
}

function iniget_multiline {
    "$PYTHON" -S "$PROMISE_TEST_INI_TOOL" iniget_multiline "$@"
}

function inicomment {
    "$PYTHON" -S "$PROMISE_TEST_INI_TOOL" inicomment "$@"
}

# lib/database, lib/databases/mysql

function database_connection_url {
    local plugin=""
    if [[ "$MYSQL_GATHER_PERFORMANCE" == "True" ]]; then
        plugin="&plugin=dbcounter"
    fi
    echo "mysql+pymysql://$DATABASE_USER:$DATABASE_PASSWORD@$DATABASE_HOST/$1?charset=utf8$plugin"
}

# lib/rpc_backend

function get_transport_url {
    echo "rabbit://$RABBIT_USERID:$RABBIT_PASSWORD@$RABBIT_HOST:5672/${1:-}"
}

function get_notification_url {
    echo "rabbit://$RABBIT_USERID:$RABBIT_PASSWORD@$RABBIT_HOST:5672/${1:-}"
}

# iniset_rpc_backend PACKAGE FILE [SECTION]
function iniset_rpc_backend {
    local file=$2
    local section=${3:-DEFAULT}
    iniset "$file" "$section" transport_url "$(get_transport_url)"
}

# lib/keystone

# configure_keystone_authtoken_middleware FILE USER [SECTION]
function configure_keystone_authtoken_middleware {
    local file=$1
    local user=$2
    local section=${3:-keystone_authtoken}

    iniset "$file" "$section" auth_type password
    iniset "$file" "$section" interface public
    iniset "$file" "$section" auth_url "$KEYSTONE_SERVICE_URI"
    iniset "$file" "$section" username "$user"
    iniset "$file" "$section" password "$SERVICE_PASSWORD"
    iniset "$file" "$section" user_domain_name "$SERVICE_DOMAIN_NAME"
    iniset "$file" "$section" project_name "$SERVICE_PROJECT_NAME"
    iniset "$file" "$section" project_domain_name "$SERVICE_DOMAIN_NAME"
    iniset "$file" "$section" cafile "$SSL_BUNDLE_FILE"
    iniset "$file" "$section" memcached_servers "$MEMCACHE_SERVERS"
}

# functions (logging of services run by systemd, DevStack's default)

function setup_logging {
    local file=$1
    iniset "$file" DEFAULT logging_debug_format_suffix \
        "{{(pid=%(process)d) %(funcName)s %(pathname)s:%(lineno)d}}"
    iniset "$file" DEFAULT logging_context_format_string \
        "%(color)s%(levelname)s %(name)s [%(global_request_id)s %(request_id)s %(project_name)s %(user_name)s%(color)s] %(instance)s%(color)s%(message)s"
    iniset "$file" DEFAULT logging_default_format_string \
        "%(color)s%(levelname)s %(name)s [-%(color)s] %(instance)s%(color)s%(message)s"
    iniset "$file" DEFAULT logging_exception_prefix \
        "ERROR %(name)s %(instance)s"
}

# lib/apache

# write_uwsgi_config FILE WSGI URL HTTP NAME (the Apache site is recorded)
function write_uwsgi_config {
    local file=$1
    local wsgi=$2
    local url=$3
    local http=$4
    local name=$5

    rm -f "$file"
    if [[ "$wsgi" =~ ^[a-zA-Z0-9_.]+:[a-zA-Z0-9_]+$ ]]; then
        iniset "$file" uwsgi module "$wsgi"
    else
        iniset "$file" uwsgi wsgi-file "$wsgi"
    fi
    iniset "$file" uwsgi processes "$API_WORKERS"
    iniset "$file" uwsgi master true
    iniset "$file" uwsgi die-on-term true
    iniset "$file" uwsgi exit-on-reload true
    iniset "$file" uwsgi enable-threads true
    iniset "$file" uwsgi plugins http,python3
    iniset "$file" uwsgi thunder-lock true
    iniset "$file" uwsgi buffer-size 65535
    iniset "$file" uwsgi lazy-apps true
    if [[ -n "$http" ]]; then
        iniset "$file" uwsgi http "$http"
    else
        iniset "$file" uwsgi socket "/var/run/uwsgi/$name.socket"
        iniset "$file" uwsgi chmod-socket 666
        _record apache_proxy "$url" "$name"
    fi
}

function remove_uwsgi_config {
    rm -f "$1"
    _record remove_uwsgi_config "$@"
}
