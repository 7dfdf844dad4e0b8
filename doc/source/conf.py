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

"""Sphinx configuration of the Promise documentation."""

# -- General -----------------------------------------------------------------

extensions = [
    'openstackdocstheme',
    'oslo_config.sphinxext',
    'oslo_config.sphinxconfiggen',
    'oslo_policy.sphinxext',
    'oslo_policy.sphinxpolicygen',
]

# oslo_config.sphinxconfiggen writes _static/promise.conf.sample, shown in
# configuration/sample-config.rst; paths are relative to this directory.
config_generator_config_file = (
    '../../etc/promise/promise-config-generator.conf')
sample_config_basename = '_static/promise'

# oslo_policy.sphinxpolicygen writes _static/promise.policy.yaml.sample.
policy_generator_config_file = (
    '../../etc/promise/promise-policy-generator.conf')
sample_policy_basename = '_static/promise'

project = 'Promise'
copyright = 'The Promise developers'
master_doc = 'index'
source_suffix = {'.rst': 'restructuredtext'}
exclude_patterns = ['_build']
pygments_style = 'native'
add_module_names = False

# -- openstackdocstheme ------------------------------------------------------

openstackdocs_auto_name = False
openstackdocs_use_storyboard = False

# -- HTML --------------------------------------------------------------------

html_theme = 'openstackdocs'
html_static_path = ['_static']
html_title = 'Promise documentation'

# -- LaTeX -------------------------------------------------------------------

latex_documents = [
    ('index', 'doc-promise.tex', 'Promise Documentation',
     'The Promise developers', 'manual'),
]
