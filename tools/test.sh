#!/usr/bin/env bash
# Run every test: unit, API (gabbi) and functional suites.
#
# Functional tests use real services on this machine: RabbitMQ, PostgreSQL
# and MariaDB on their usual loopback ports (started here when they are
# installed but stopped), and a Keystone installed into its own virtualenv.
# With CI=true a test whose service is missing fails instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
TOOLS_VENV=${PROMISE_TOOLS_VENV:-.tox/.tools}
KEYSTONE_VENV=${PROMISE_TEST_KEYSTONE_VENV:-$PWD/.tox/keystone}
BLAZARCLIENT_VENV=${PROMISE_TEST_BLAZARCLIENT_VENV:-$PWD/.tox/blazarclient}

log() { printf '==> %s\n' "$*"; }

start_services() {
    if command -v rabbitmq-server >/dev/null; then
        if ! rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1; then
            log "starting RabbitMQ"
            rabbitmq-server -detached || true
            for _ in $(seq 60); do
                rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1 && break
                sleep 1
            done
        fi
    fi
    if command -v pg_ctlcluster >/dev/null && ! pg_isready -q -h 127.0.0.1 2>/dev/null; then
        log "starting PostgreSQL"
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
        for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
    fi
    if [ -x /usr/sbin/mariadbd ] && ! mysqladmin -uroot -h127.0.0.1 ping >/dev/null 2>&1; then
        log "starting MariaDB"
        start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
        for _ in $(seq 30); do mysqladmin -uroot -h127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done
    fi
}

create_test_users() {
    # The conventional OpenStack test account, as oslo.db's fixtures expect.
    if command -v psql >/dev/null && pg_isready -q -h 127.0.0.1 2>/dev/null; then
        psql -q -h 127.0.0.1 -U postgres -d postgres -c "DO \$\$BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'openstack_citest') THEN
                CREATE ROLE openstack_citest WITH LOGIN SUPERUSER PASSWORD 'openstack_citest';
            END IF; END\$\$;" || true
    fi
    if command -v mysql >/dev/null && mysqladmin -uroot -h127.0.0.1 ping >/dev/null 2>&1; then
        mysql -uroot -h127.0.0.1 -e "
            CREATE USER IF NOT EXISTS 'openstack_citest'@'%' IDENTIFIED BY 'openstack_citest';
            CREATE USER IF NOT EXISTS 'openstack_citest'@'localhost' IDENTIFIED BY 'openstack_citest';
            GRANT ALL PRIVILEGES ON *.* TO 'openstack_citest'@'%' WITH GRANT OPTION;
            GRANT ALL PRIVILEGES ON *.* TO 'openstack_citest'@'localhost' WITH GRANT OPTION;
            FLUSH PRIVILEGES;" || true
    fi
}

install_keystone() {
    if [ ! -x "$KEYSTONE_VENV/bin/keystone-manage" ]; then
        log "installing Keystone into $KEYSTONE_VENV"
        "$PYTHON" -m venv "$KEYSTONE_VENV"
        "$KEYSTONE_VENV/bin/pip" install -q keystone gunicorn
    fi
    export PROMISE_TEST_KEYSTONE_VENV="$KEYSTONE_VENV"
}

install_blazarclient() {
    # Blazar's own client, and this checkout beside it as an operator who
    # moves from Blazar would have both: the compatibility tests use them.
    if [ ! -x "$BLAZARCLIENT_VENV/bin/blazar" ]; then
        log "installing python-blazarclient into $BLAZARCLIENT_VENV"
        "$PYTHON" -m venv "$BLAZARCLIENT_VENV"
        "$BLAZARCLIENT_VENV/bin/pip" install -q -c constraints.txt \
            python-blazarclient python-openstackclient
    fi
    log "installing this checkout into $BLAZARCLIENT_VENV"
    "$BLAZARCLIENT_VENV/bin/pip" install -q -c constraints.txt .
    export PROMISE_TEST_BLAZARCLIENT_VENV="$BLAZARCLIENT_VENV"
}

install_browser() {
    # Headless Chromium and its driver for the dashboard's browser test.
    if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
        log "installing chromium and chromium-driver"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            chromium chromium-driver
    fi
}

install_tox() {
    if [ ! -x "$TOOLS_VENV/bin/tox" ]; then
        log "installing tox into $TOOLS_VENV"
        "$PYTHON" -m venv "$TOOLS_VENV"
        "$TOOLS_VENV/bin/pip" install -q tox
    fi
}

start_services
create_test_users
install_keystone
install_blazarclient
install_browser
install_tox
log "running every test (tox -e pep8,all,dashboard,docs,api-ref,releasenotes)"
exec "$TOOLS_VENV/bin/tox" -e pep8,all,dashboard,docs,api-ref,releasenotes -- "$@"
