import oslo_i18n

_translators = oslo_i18n.TranslatorFactory(domain='promise')
_ = _translators.primary
