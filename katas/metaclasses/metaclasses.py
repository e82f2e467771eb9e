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
        raise NotImplementedError


# ---------------------------------------------------------------------------
# Task 2 (fix the bug): plugins are missing from PLUGINS at start-up
# ---------------------------------------------------------------------------
PLUGINS: dict[str, type] = {}


class PluginMeta(type):
    """Registers every plugin class in PLUGINS, under its `name`, when the class is defined.

    Only a class whose own body sets `name` is a plugin; the base class and helper subclasses
    that do not set `name` themselves are not registered.
    """

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        if "name" in vars(cls):
            PLUGINS[cls.name] = cls
        return super().__call__(*args, **kwargs)


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
        raise NotImplementedError


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

    def __init_subclass__(cls, **kwargs: Any) -> None:
        raise NotImplementedError


# ---------------------------------------------------------------------------
# Task 5: predict the output
# ---------------------------------------------------------------------------
# What does this snippet print, line by line? Work it out before running anything.
#
#     class Noisy(type):
#         def __new__(mcs, name, bases, namespace):
#             print("Noisy.__new__ starts", name)
#             cls = super().__new__(mcs, name, bases, namespace)
#             print("Noisy.__new__ ends", name)
#             return cls
#
#         def __init__(cls, name, bases, namespace):
#             print("Noisy.__init__", name)
#             super().__init__(name, bases, namespace)
#
#         def __call__(cls, *args):
#             print("Noisy.__call__", cls.__name__)
#             return super().__call__(*args)
#
#
#     class Column:
#         def __set_name__(self, owner, name):
#             print("Column.__set_name__", owner.__name__, name)
#
#
#     class Base(metaclass=Noisy):
#         def __init_subclass__(cls):
#             print("Base.__init_subclass__", cls.__name__)
#
#         def __init__(self):
#             print("Base.__init__")
#
#
#     print("defining Child")
#
#
#     class Child(Base):
#         print("Child body")
#         title = Column()
#
#
#     print("creating a Child")
#     Child()
#
# Write one printed line per line of the string:
ANSWER = """
"""


# ---------------------------------------------------------------------------
# Task 6: declarative fields, ORM style
# ---------------------------------------------------------------------------
class Field:
    """A declared column of a Model. It learns its attribute name when the class is created."""

    def __init__(self) -> None:
        self.name: str | None = None


class Model:
    """Base class for ORM-style models.

    Every subclass gets `_fields`: a tuple of the names of its Field attributes, inherited
    fields first, then its own in the order they were written.
    `Model(**values)` sets each field from a keyword; an unknown or missing keyword raises
    TypeError.
    """

    _fields: tuple[str, ...] = ()

    def __init__(self, **values: Any) -> None:
        raise NotImplementedError
