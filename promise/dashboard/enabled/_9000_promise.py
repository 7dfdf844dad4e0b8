# The Promise application (its templates), installed once for all its
# panels: enable this file together with the _90NN files. FEATURE names
# a file that adds no panel; Horizon skips files without it.
FEATURE = 'promise'
ADD_INSTALLED_APPS = ['promise.dashboard']
