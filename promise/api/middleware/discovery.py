"""Version discovery needs no token, as in every OpenStack service: clients
read it to find the API before they authenticate."""

_PUBLIC_PATHS = frozenset(['/', '/v1', '/v1/'])


class PublicVersions:
    def __init__(self, protected, unprotected):
        self.protected = protected
        self.unprotected = unprotected

    def __call__(self, environ, start_response):
        if (environ.get('REQUEST_METHOD') in ('GET', 'HEAD') and
                environ.get('PATH_INFO', '/') in _PUBLIC_PATHS):
            return self.unprotected(environ, start_response)
        return self.protected(environ, start_response)
