# Licensed under the Apache License, Version 2.0 (the "License"); you may
# not use this file except in compliance with the License. You may obtain
# a copy of the License at
#
#      http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
# WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
# License for the specific language governing permissions and limitations
# under the License.

"""Sphinx configuration of the Promise release notes."""

extensions = [
    'openstackdocstheme',
    'reno.sphinxext',
]

project = 'Promise Release Notes'
copyright = 'The Promise developers'
master_doc = 'index'
source_suffix = {'.rst': 'restructuredtext'}
exclude_patterns = []
pygments_style = 'native'

# Release notes carry no version of their own: each page lists the notes
# of the releases it covers.
version = ''
release = ''

openstackdocs_auto_name = False
openstackdocs_use_storyboard = False

html_theme = 'openstackdocs'
html_static_path = ['_static']
html_title = 'Promise Release Notes'

locale_dirs = ['locale/']
