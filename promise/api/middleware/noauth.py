"""Authentication for standalone use: trust the identity headers.

A request without identity headers acts as the admin of the "promise"
project. Never use this where the API is reachable by untrusted users.
"""
import webob.dec

NOAUTH_PROJECT = 'promise'
NOAUTH_USER = 'promise'


class NoAuthMiddleware:
    def __init__(self, application):
        self.application = application

    @webob.dec.wsgify
    def __call__(self, req):
        headers = req.headers
        user = headers.get('X-User-Id') or NOAUTH_USER
        project = headers.get('X-Project-Id') or NOAUTH_PROJECT
        roles = headers.get('X-Roles') or 'admin,member,reader'
        headers['X-User-Id'] = user
        headers['X-Project-Id'] = project
        headers['X-Roles'] = roles
        headers['X-Identity-Status'] = 'Confirmed'
        headers.setdefault('X-User-Domain-Id', 'default')
        headers.setdefault('X-Project-Domain-Id', 'default')
        return req.get_response(self.application)
