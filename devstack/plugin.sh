#!/bin/bash
#
# DevStack plugin of Promise, the capacity reservation service.
#
# DevStack sources this file at each phase, with the mode in $1 and the
# phase in $2; settings (beside this file) is sourced first.

# shellcheck source=devstack/lib/promise
source "$(dirname "${BASH_SOURCE[0]}")/lib/promise"

if is_service_enabled promise-api promise-manager; then
    case "$1" in
        stack)
            case "$2" in
                pre-install)
                    check_promise_python
                    ;;
                install)
                    echo_summary "Installing Promise"
                    install_promise
                    ;;
                post-config)
                    echo_summary "Configuring Promise"
                    configure_promise
                    if is_service_enabled keystone; then
                        create_promise_accounts
                    fi
                    if [[ "$PROMISE_NOVA_FILTER" == "True" ]] &&
                            is_service_enabled n-sch; then
                        configure_promise_nova_filter
                    fi
                    echo_summary "Initializing the Promise database"
                    init_promise
                    ;;
                extra)
                    echo_summary "Starting Promise"
                    start_promise
                    ;;
                test-config)
                    echo_summary "Checking the Promise deployment"
                    check_promise
                    ;;
            esac
            ;;
        unstack)
            stop_promise
            ;;
        clean)
            cleanup_promise
            ;;
    esac
fi
