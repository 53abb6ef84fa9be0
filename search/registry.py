"""Which document classes exist: domain apps register theirs from `<app>/documents.py`."""

from importlib import import_module

from django.apps import apps


class Registry:
    def __init__(self):
        self._by_type: dict = {}
        self._discovered = False

    def register(self, doc_cls):
        """Class decorator: `@registry.register` on a SearchDocument subclass."""
        if not doc_cls.doc_type:
            raise ValueError(f"{doc_cls.__name__} needs a doc_type")
        self._by_type[doc_cls.doc_type] = doc_cls
        return doc_cls

    def unregister(self, doc_cls) -> None:
        self._by_type.pop(doc_cls.doc_type, None)

    def autodiscover(self) -> None:
        if self._discovered:
            return
        self._discovered = True
        for config in apps.get_app_configs():
            try:
                import_module(f"{config.name}.documents")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.documents":
                    raise

    def all(self) -> list:
        self.autodiscover()
        return list(self._by_type.values())

    def public(self) -> list:
        return [doc for doc in self.all() if doc.public]

    def get(self, doc_type: str):
        self.autodiscover()
        return self._by_type.get(doc_type)

    def for_model(self, model) -> list:
        """Documents built from this model (or one of its parents, for page types)."""
        self.autodiscover()
        return [doc for doc in self._by_type.values()
                if doc.model is not None and issubclass(model, doc.model)]

    def for_label(self, label: str) -> list:
        self.autodiscover()
        return [doc for doc in self._by_type.values() if doc.model_label() == label]


registry = Registry()
