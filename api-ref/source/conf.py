"""Sphinx configuration of the Promise API reference (tox -e api-ref)."""

extensions = [
    'os_api_ref',
    'openstackdocstheme',
]

project = 'Promise API Reference'
copyright = 'The Promise developers'
master_doc = 'index'
source_suffix = {'.rst': 'restructuredtext'}
pygments_style = 'native'

openstackdocs_auto_name = False
openstackdocs_use_storyboard = False

html_theme = 'openstackdocs'
html_theme_options = {'sidebar_mode': 'toc'}
html_title = 'Promise API Reference'
