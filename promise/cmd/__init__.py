"""Console scripts."""
from promise import quiet_warnings

quiet_warnings.install()
