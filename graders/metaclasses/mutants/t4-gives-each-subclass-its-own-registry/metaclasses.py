"""Metaclasses kata: classes that build classes. Work through the tasks in README.md."""

from __future__ import annotations

from typing import Any


# ---------------------------------------------------------------------------
# Task 1: a metaclass that injects `version = 1.0`
# ---------------------------------------------------------------------------
class Meta(type):
    """Every class created with this metaclass gets `version = 1.0` as a class attribute.

    A class whose own body already sets `version` keeps its value. Only the class's own body
    counts: a subclass that does not set `version` itself gets 1.0, whatever its parent set.
    """

    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any):
        namespace.setdefault("version", 1.0)
        return super().__new__(mcs, name, bases, namespace, **kwargs)


# ---------------------------------------------------------------------------
# Task 2 (fix the bug): plugins are missing from PLUGINS at start-up
# ---------------------------------------------------------------------------
PLUGINS: dict[str, type] = {}


class PluginMeta(type):
    """Registers every plugin class in PLUGINS, under its `name`, when the class is defined.

    Only a class whose own body sets `name` is a plugin; the base class and helper subclasses
    that do not set `name` themselves are not registered.
    """

    def __init__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any):
        super().__init__(name, bases, namespace, **kwargs)
        if "name" in namespace:
            PLUGINS[namespace["name"]] = cls


class Plugin(metaclass=PluginMeta):
    """Base class for plugins: a subclass that sets `name` in its body is a plugin."""


# ---------------------------------------------------------------------------
# Task 3: enforce an interface when the class is defined
# ---------------------------------------------------------------------------
class InterfaceMeta(type):
    """Checks, at class-definition time, that a class implements its interface.

    A class whose own body sets `required` (a tuple of method names) declares an interface and
    is not checked itself. Every other class built by InterfaceMeta must have each required
    name as a callable attribute (defined in its body or inherited); if one is missing, the
    class statement raises TypeError naming it.
    """

    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any):
        cls = super().__new__(mcs, name, bases, namespace, **kwargs)
        if "required" not in namespace:
            missing = [
                method
                for method in getattr(cls, "required", ())
                if not callable(getattr(cls, method, None))
            ]
            if missing:
                raise TypeError(f"{name} must define {', '.join(missing)}")
        return cls


# ---------------------------------------------------------------------------
# Task 4: the same without a metaclass, using __init_subclass__
# ---------------------------------------------------------------------------
class Exporter:
    """Base class for exporters; a subclass names its format with a class keyword.

        class CsvExporter(Exporter, format="csv"):
            def export(self, rows): ...

    - the subclass is registered in Exporter.registry under its format;
    - a subclass without a callable `export` (own or inherited) raises TypeError;
    - a subclass without the `format` keyword raises TypeError;
    - other keywords are passed on, so other bases' __init_subclass__ still run.
    """

    registry: dict[str, type] = {}

    def __init_subclass__(cls, /, format: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not callable(getattr(cls, "export", None)):
            raise TypeError(f"{cls.__name__} must define export()")
        cls.registry = {**cls.registry, format: cls}


# ---------------------------------------------------------------------------
# Task 5: predict the output
# ---------------------------------------------------------------------------
ANSWER = """
Noisy.__new__ starts Base
Noisy.__new__ ends Base
Noisy.__init__ Base
defining Child
Child body
Noisy.__new__ starts Child
Column.__set_name__ Child title
Base.__init_subclass__ Child
Noisy.__new__ ends Child
Noisy.__init__ Child
creating a Child
Noisy.__call__ Child
Base.__init__
"""


# ---------------------------------------------------------------------------
# Task 6: declarative fields, ORM style
# ---------------------------------------------------------------------------
class Field:
    """A declared column of a Model. It learns its attribute name when the class is created."""

    def __init__(self) -> None:
        self.name: str | None = None

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name


class Model:
    """Base class for ORM-style models.

    Every subclass gets `_fields`: a tuple of the names of its Field attributes, inherited
    fields first, then its own in the order they were written.
    `Model(**values)` sets each field from a keyword; an unknown or missing keyword raises
    TypeError.
    """

    _fields: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = tuple(key for key, value in vars(cls).items() if isinstance(value, Field))
        inherited = tuple(name for name in cls._fields if name not in own)
        cls._fields = inherited + own

    def __init__(self, **values: Any) -> None:
        unknown = sorted(set(values) - set(self._fields))
        missing = [name for name in self._fields if name not in values]
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(unknown)}")
        if missing:
            raise TypeError(f"{type(self).__name__} is missing {', '.join(missing)}")
        for name in self._fields:
            setattr(self, name, values[name])
