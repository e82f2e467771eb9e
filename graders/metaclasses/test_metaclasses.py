"""Grader for the metaclasses kata.

Every test builds its own classes with the learner's metaclass or base class, so the check is on
behaviour at class-creation time, not on how the learner wrote it.
"""

from __future__ import annotations

from typing import Any

import pytest

from kata.testkit import call, check_prediction, expect, expect_equal, fail, load, need, show


def _meta(name: str = "Meta") -> Any:
    meta = need(load("metaclasses"), name, "class")
    expect(
        issubclass(meta, type),
        f"`{name}` should be a metaclass, that is a subclass of `type`; its bases are "
        f"{show(meta.__bases__)}.",
    )
    return meta


def _rejects(description: str, build: Any) -> TypeError | None:
    """Run a class statement that should raise TypeError; return the error, or None if it passed."""
    try:
        build()
    except TypeError as exc:
        return exc
    except NotImplementedError:
        fail(f"{description} raised NotImplementedError: this part is not written yet.")
    except Exception as exc:
        fail(
            f"{description} raised {type(exc).__name__} ({show(str(exc))}); "
            "expected a TypeError, the error Python itself uses for a broken class."
        )
    return None


# ---------------------------------------------------------------------------
# Task 1: Meta injects version = 1.0
# ---------------------------------------------------------------------------
@pytest.mark.task(1)
def test_a_class_built_by_meta_gets_version_one_point_zero():
    Meta = _meta()

    def build():
        class Service(metaclass=Meta):
            pass

        return Service

    Service = call("class Service(metaclass=Meta): pass", build)
    expect(
        isinstance(Service, type),
        f"the class statement bound Service to {show(Service)}, not a class: "
        "does your __new__ return the class it creates?",
    )
    expect(
        "version" in vars(Service),
        "Service has no `version` in its own class dictionary. The metaclass should put it "
        "into the class itself while building it.",
    )
    expect_equal(Service.version, 1.0, "Service.version", "The metaclass injects a float 1.0.")


@pytest.mark.task(1)
def test_instances_see_the_injected_version():
    Meta = _meta()

    def build():
        class Service(metaclass=Meta):
            pass

        return Service()

    instance = call("Service() for class Service(metaclass=Meta)", build)
    try:
        value = instance.version
    except AttributeError:
        fail(
            "Service.version works but Service().version raises AttributeError. An attribute "
            "defined on the metaclass is visible on the class, never on its instances: put "
            "`version` into the class being built instead."
        )
    expect_equal(value, 1.0, "Service().version")


@pytest.mark.task(1)
def test_the_class_is_an_instance_of_meta_and_keeps_its_body():
    Meta = _meta()

    def build():
        class Service(metaclass=Meta):
            port = 8080

            def ping(self):
                return "pong"

        return Service

    Service = call("class Service(metaclass=Meta) with a port and a ping() method", build)
    expect(
        type(Service) is Meta,
        f"type(Service) is {show(type(Service))}, not Meta. If __new__ builds the class with "
        "type(...) directly, the result is a plain class: its subclasses never pass through Meta.",
    )
    expect_equal(Service.__name__, "Service", "Service.__name__")
    expect_equal(vars(Service).get("port"), 8080, "Service.port")
    expect_equal(call("Service().ping()", lambda: Service().ping()), "pong", "Service().ping()")


@pytest.mark.task(1)
def test_subclasses_are_built_by_meta_too():
    Meta = _meta()

    def build():
        class Service(metaclass=Meta):
            pass

        class Worker(Service):
            pass

        return Worker

    Worker = call("class Worker(Service) where Service uses Meta", build)
    expect(
        type(Worker) is Meta,
        f"type(Worker) is {show(type(Worker))}: a subclass inherits its parent's metaclass only "
        "if the parent really is an instance of Meta.",
    )
    expect_equal(Worker.version, 1.0, "Worker.version")


@pytest.mark.task(1)
def test_a_class_that_sets_its_own_version_keeps_it():
    Meta = _meta()

    def build():
        class Legacy(metaclass=Meta):
            version = 2.5

        return Legacy

    Legacy = call("class Legacy(metaclass=Meta): version = 2.5", build)
    expect_equal(
        Legacy.version,
        2.5,
        "Legacy.version",
        "The metaclass supplies a default; it must not overwrite what the class body wrote.",
    )


@pytest.mark.task(1)
def test_a_subclass_of_a_class_with_its_own_version_gets_the_default_again():
    Meta = _meta()

    def build():
        class Legacy(metaclass=Meta):
            version = 2.5

        class Modern(Legacy):
            pass

        return Modern

    Modern = call("class Modern(Legacy): pass  (where Legacy sets version = 2.5)", build)
    expect(
        "version" in vars(Modern),
        f"Modern, a subclass of Legacy whose own body sets no version, has no `version` in its "
        f"own class dictionary; Modern.version is {show(getattr(Modern, 'version', None))}, "
        "inherited from Legacy. Meta builds Modern too, and only Modern's own body counts: "
        "a class that does not set version itself gets 1.0.",
    )
    expect_equal(Modern.version, 1.0, "Modern.version")


# ---------------------------------------------------------------------------
# Task 2: plugin registry filled at class creation
# ---------------------------------------------------------------------------
def _plugin_module() -> tuple[Any, Any, dict[str, type]]:
    module = load("metaclasses")
    PluginMeta = need(module, "PluginMeta", "class")
    if vars(module).get("Plugin", object) is None:
        fail(
            "`class Plugin(metaclass=PluginMeta)` bound Plugin to None: a metaclass __new__ "
            "must return the class it creates."
        )
    Plugin = need(module, "Plugin", "class")
    plugins = need(module, "PLUGINS")
    if type(plugins) is not dict:
        fail(f"PLUGINS should be a dict, but it is a {type(plugins).__name__}.")
    expect(
        isinstance(Plugin, PluginMeta),
        "Plugin should still be created by PluginMeta (class Plugin(metaclass=PluginMeta)).",
    )
    return PluginMeta, Plugin, plugins


def _same_registry(plugins: dict[str, type], expected: dict[str, type], what: str) -> None:
    keys = list(plugins)
    if keys != list(expected):
        hint = ""
        if keys and keys == [cls.__name__ for cls in expected.values()]:
            hint = (
                " Those are the class names: a plugin is listed under the `name` its class "
                "body sets, not under the class's __name__ (careful, the metaclass's own "
                "`name` parameter is the class name)."
            )
        fail(f"{what}, PLUGINS has the keys {show(keys)}; expected {show(list(expected))}.{hint}")
    for key, cls in expected.items():
        found = plugins[key]
        label = f"the class {found.__name__}" if isinstance(found, type) else show(found)
        expect(
            found is cls,
            f"{what}, PLUGINS[{key!r}] is {label}, not the class {cls.__name__}.",
        )


@pytest.mark.task(2)
def test_a_plugin_is_registered_as_soon_as_its_class_is_defined():
    _, Plugin, plugins = _plugin_module()

    def build():
        class CsvPlugin(Plugin):
            name = "csv"

        return CsvPlugin

    CsvPlugin = call('class CsvPlugin(Plugin): name = "csv"', build)
    expect(
        isinstance(CsvPlugin, type),
        f"the class statement bound CsvPlugin to {show(CsvPlugin)}, not a class: does the "
        "metaclass's __new__ return the class it creates?",
    )
    if not plugins:
        fail(
            "After `class CsvPlugin(Plugin): name = 'csv'`, with no instance created yet, PLUGINS "
            "is still empty. A plugin must be listed as soon as its class statement has run."
        )
    _same_registry(plugins, {"csv": CsvPlugin}, "After defining CsvPlugin")


@pytest.mark.task(2)
def test_plugins_are_registered_in_definition_order_without_instances():
    _, Plugin, plugins = _plugin_module()

    def build():
        class JsonPlugin(Plugin):
            name = "json"

        class XmlPlugin(Plugin):
            name = "xml"

        return JsonPlugin, XmlPlugin

    JsonPlugin, XmlPlugin = call("defining JsonPlugin and XmlPlugin", build)
    _same_registry(
        plugins, {"json": JsonPlugin, "xml": XmlPlugin}, "After defining two plugin classes"
    )


@pytest.mark.task(2)
def test_the_base_class_and_nameless_helpers_are_not_registered():
    _, Plugin, plugins = _plugin_module()
    if plugins:
        fail(f"Right after import PLUGINS should be empty; it is {show(plugins)}.")

    def build():
        class RemotePlugin(Plugin):
            timeout = 5

        return RemotePlugin

    call("class RemotePlugin(Plugin): timeout = 5  (no name)", build)
    _same_registry(plugins, {}, "After defining a helper class without a `name`")


@pytest.mark.task(2)
def test_a_subclass_that_only_inherits_name_does_not_replace_its_parent():
    _, Plugin, plugins = _plugin_module()

    def build():
        class JsonPlugin(Plugin):
            name = "json"

        class PrettyJsonPlugin(JsonPlugin):
            indent = 2

        return JsonPlugin

    JsonPlugin = call("class PrettyJsonPlugin(JsonPlugin): indent = 2", build)
    _same_registry(
        plugins,
        {"json": JsonPlugin},
        "After defining PrettyJsonPlugin (which sets no name of its own)",
    )


@pytest.mark.task(2)
def test_creating_plugin_instances_still_works():
    _, Plugin, plugins = _plugin_module()

    def build():
        class FilePlugin(Plugin):
            name = "file"

            def __init__(self, path):
                self.path = path

        return FilePlugin

    FilePlugin = call('class FilePlugin(Plugin): name = "file"', build)
    instance = call('FilePlugin("/tmp/x")', FilePlugin, "/tmp/x")
    expect(
        type(instance) is FilePlugin,
        f'FilePlugin("/tmp/x") returned {show(instance)}, not a FilePlugin instance.',
    )
    expect_equal(instance.path, "/tmp/x", 'FilePlugin("/tmp/x").path')
    _same_registry(plugins, {"file": FilePlugin}, "After creating a FilePlugin instance")


# ---------------------------------------------------------------------------
# Task 3: InterfaceMeta enforces an interface at definition time
# ---------------------------------------------------------------------------
def _storage_interface(InterfaceMeta: Any) -> Any:
    def build():
        class Storage(metaclass=InterfaceMeta):
            required = ("load", "save")

        return Storage

    return call('class Storage(metaclass=InterfaceMeta): required = ("load", "save")', build)


@pytest.mark.task(3)
def test_the_interface_class_itself_is_not_checked():
    InterfaceMeta = _meta("InterfaceMeta")
    Storage = _storage_interface(InterfaceMeta)
    expect(
        isinstance(Storage, type) and type(Storage) is InterfaceMeta,
        f"class Storage(metaclass=InterfaceMeta) produced {show(Storage)} of type "
        f"{show(type(Storage))}; expected a class built by InterfaceMeta.",
    )


@pytest.mark.task(3)
def test_a_class_missing_a_method_is_rejected_when_it_is_defined():
    InterfaceMeta = _meta("InterfaceMeta")
    Storage = _storage_interface(InterfaceMeta)
    built: list[type] = []

    def build():
        class HalfDisk(Storage):
            def load(self):
                return "data"

        built.append(HalfDisk)

    error = _rejects("class HalfDisk(Storage) without save()", build)
    if error is None:
        when = "no error at all, even when HalfDisk() is called"
        try:
            built[0]()
        except Exception:
            when = "an error only when HalfDisk() is called"
        fail(
            "class HalfDisk(Storage) defines load() but not save(), and the class statement "
            f"succeeded ({when}). The interface must be enforced at class-definition time, so "
            "a broken class fails on import, not in production."
        )
    expect(
        "save" in str(error),
        f"The TypeError says {show(str(error))}; it should name the missing method 'save', so "
        "the author knows what to add.",
    )


@pytest.mark.task(3)
def test_a_complete_class_is_accepted_and_works():
    InterfaceMeta = _meta("InterfaceMeta")
    Storage = _storage_interface(InterfaceMeta)

    def build():
        class Disk(Storage):
            def load(self):
                return "data"

            def save(self, data):
                return len(data)

        return Disk

    Disk = call("class Disk(Storage) with load() and save()", build)
    expect(type(Disk) is InterfaceMeta, f"type(Disk) is {show(type(Disk))}, not InterfaceMeta.")
    expect_equal(call("Disk().load()", lambda: Disk().load()), "data", "Disk().load()")


@pytest.mark.task(3)
def test_inherited_methods_satisfy_the_interface():
    InterfaceMeta = _meta("InterfaceMeta")
    Storage = _storage_interface(InterfaceMeta)

    def build():
        class Disk(Storage):
            def load(self):
                return "data"

            def save(self, data):
                return len(data)

        class CachedDisk(Disk):
            def load(self):
                return "cached"

        return CachedDisk

    CachedDisk = call(
        "class CachedDisk(Disk) that overrides load() and inherits save() from Disk", build
    )
    expect(
        isinstance(CachedDisk, type),
        f"CachedDisk is {show(CachedDisk)}, not a class.",
    )


@pytest.mark.task(3)
def test_a_non_callable_attribute_does_not_count_as_a_method():
    InterfaceMeta = _meta("InterfaceMeta")
    Storage = _storage_interface(InterfaceMeta)

    def build():
        class Broken(Storage):
            save = None

            def load(self):
                return "data"

        return Broken

    error = _rejects("class Broken(Storage) with save = None", build)
    expect(
        error is not None,
        "class Broken(Storage) with `save = None` was accepted. Having an attribute called "
        "save is not the same as having a save() method: check that it is callable.",
    )


@pytest.mark.task(3)
def test_a_class_without_any_interface_is_accepted():
    InterfaceMeta = _meta("InterfaceMeta")

    def build():
        class Helper(metaclass=InterfaceMeta):
            def ping(self):
                return "pong"

        return Helper

    Helper = call(
        "class Helper(metaclass=InterfaceMeta) whose bases declare no `required` at all", build
    )
    expect(
        isinstance(Helper, type) and type(Helper) is InterfaceMeta,
        f"class Helper(metaclass=InterfaceMeta) produced {show(Helper)}; expected a class "
        "built by InterfaceMeta. With no `required` anywhere there is nothing to check.",
    )


# ---------------------------------------------------------------------------
# Task 4: the same with __init_subclass__
# ---------------------------------------------------------------------------
def _exporter() -> Any:
    Exporter = need(load("metaclasses"), "Exporter", "class")
    registry = vars(Exporter).get("registry")
    if type(registry) is not dict:
        fail(f"Exporter.registry should be a dict, but it is {show(registry)}.")
    return Exporter


@pytest.mark.task(4)
def test_exporter_uses_no_custom_metaclass():
    Exporter = _exporter()
    expect(
        type(Exporter) is type,
        f"type(Exporter) is {show(type(Exporter))}. This task is about doing the same job "
        "without a metaclass: __init_subclass__ on a plain base class.",
    )
    expect(
        "__init_subclass__" in vars(Exporter),
        "Exporter does not define __init_subclass__ in its own body.",
    )


@pytest.mark.task(4)
def test_a_subclass_is_registered_under_its_format_keyword():
    Exporter = _exporter()

    def build():
        class CsvExporter(Exporter, format="csv"):
            def export(self, rows):
                return "csv"

        return CsvExporter

    CsvExporter = call('class CsvExporter(Exporter, format="csv")', build)
    registry = Exporter.registry
    if "registry" in vars(CsvExporter):
        fail(
            'After class CsvExporter(Exporter, format="csv"), CsvExporter has a `registry` of '
            f"its own (keys {show(list(vars(CsvExporter)['registry']))}) and Exporter.registry "
            f"has the keys {show(list(registry))}. There is one registry, the dict on Exporter: "
            "every subclass goes into that same dict, none gets a new one."
        )
    expect(
        list(registry) == ["csv"] and registry["csv"] is CsvExporter,
        f'After class CsvExporter(Exporter, format="csv"), Exporter.registry is {show(registry)}; '
        "expected exactly one entry, 'csv', holding the class CsvExporter.",
    )


@pytest.mark.task(4)
def test_a_subclass_without_export_is_rejected_when_it_is_defined():
    Exporter = _exporter()

    def build():
        class Silent(Exporter, format="silent"):
            def write(self, rows):
                return None

    error = _rejects('class Silent(Exporter, format="silent") without export()', build)
    expect(
        error is not None,
        'class Silent(Exporter, format="silent") has no export() and was accepted; '
        "__init_subclass__ runs at class-definition time, the place to raise TypeError.",
    )
    expect(
        "export" in str(error),
        f"The TypeError says {show(str(error))}; it should name the missing method 'export'.",
    )
    expect(
        "silent" not in Exporter.registry,
        "The rejected class Silent was still put in Exporter.registry.",
    )


@pytest.mark.task(4)
def test_a_non_callable_export_attribute_does_not_count():
    Exporter = _exporter()

    def build():
        class Lazy(Exporter, format="lazy"):
            export = None

    error = _rejects('class Lazy(Exporter, format="lazy") with export = None', build)
    expect(
        error is not None,
        'class Lazy(Exporter, format="lazy") with `export = None` was accepted. An attribute '
        "called export is not an export() method: check that it can be called.",
    )
    expect(
        "lazy" not in Exporter.registry,
        "The rejected class Lazy was still put in Exporter.registry.",
    )


@pytest.mark.task(4)
def test_a_subclass_without_a_format_keyword_is_rejected():
    Exporter = _exporter()

    def build():
        class Nameless(Exporter):
            def export(self, rows):
                return ""

    error = _rejects("class Nameless(Exporter) with no format= keyword", build)
    expect(
        error is not None,
        "class Nameless(Exporter) gave no format= keyword and was accepted; it should raise "
        f"TypeError. Exporter.registry now has the keys {show(list(Exporter.registry))}.",
    )


@pytest.mark.task(4)
def test_an_inherited_export_method_counts():
    Exporter = _exporter()

    def build():
        class CsvExporter(Exporter, format="csv"):
            def export(self, rows):
                return ",".join(rows)

        class TsvExporter(CsvExporter, format="tsv"):
            pass

        return CsvExporter, TsvExporter

    CsvExporter, TsvExporter = call(
        'class TsvExporter(CsvExporter, format="tsv") that inherits export()', build
    )
    registry = Exporter.registry
    expect(
        list(registry) == ["csv", "tsv"]
        and registry["csv"] is CsvExporter
        and registry["tsv"] is TsvExporter,
        f"After defining CsvExporter and TsvExporter, Exporter.registry is {show(registry)}; "
        "expected 'csv' then 'tsv', each holding its own class.",
    )


@pytest.mark.task(4)
def test_other_bases_init_subclass_still_runs_with_its_keywords():
    Exporter = _exporter()

    class Tagged:
        def __init_subclass__(cls, /, tag=None, **kwargs):
            super().__init_subclass__(**kwargs)
            cls.tag = tag

    def build():
        class BlueExporter(Exporter, Tagged, format="blue", tag="colour"):
            def export(self, rows):
                return "blue"

        return BlueExporter

    BlueExporter = call(
        'class BlueExporter(Exporter, Tagged, format="blue", tag="colour") where the mixin '
        "Tagged has its own __init_subclass__(cls, tag)",
        build,
    )
    expect(
        vars(BlueExporter).get("tag") == "colour",
        "BlueExporter.tag was not set: Tagged.__init_subclass__ never ran (or never got its "
        "tag keyword). Exporter.__init_subclass__ must hand the keywords it does not use on to "
        "the next class in the MRO, or it breaks every mixin that also uses the hook.",
    )
    expect(Exporter.registry.get("blue") is BlueExporter, "BlueExporter was not registered.")


# ---------------------------------------------------------------------------
# Task 5: predict the order of the class-creation hooks
# ---------------------------------------------------------------------------
SNIPPET = """
class Noisy(type):
    def __new__(mcs, name, bases, namespace):
        print("Noisy.__new__ starts", name)
        cls = super().__new__(mcs, name, bases, namespace)
        print("Noisy.__new__ ends", name)
        return cls

    def __init__(cls, name, bases, namespace):
        print("Noisy.__init__", name)
        super().__init__(name, bases, namespace)

    def __call__(cls, *args):
        print("Noisy.__call__", cls.__name__)
        return super().__call__(*args)


class Column:
    def __set_name__(self, owner, name):
        print("Column.__set_name__", owner.__name__, name)


class Base(metaclass=Noisy):
    def __init_subclass__(cls):
        print("Base.__init_subclass__", cls.__name__)

    def __init__(self):
        print("Base.__init__")


print("defining Child")


class Child(Base):
    print("Child body")
    title = Column()


print("creating a Child")
Child()
"""


@pytest.mark.task(5)
def test_prediction_matches_the_order_python_runs_the_hooks():
    check_prediction(load("metaclasses"), SNIPPET)


# ---------------------------------------------------------------------------
# Task 6: declarative fields in definition order
# ---------------------------------------------------------------------------
def _orm() -> tuple[Any, Any]:
    module = load("metaclasses")
    return need(module, "Field", "class"), need(module, "Model", "class")


def _user(Field: Any, Model: Any) -> Any:
    def build():
        class User(Model):
            name = Field()
            age = Field()

        return User

    return call("class User(Model): name = Field(); age = Field()", build)


@pytest.mark.task(6)
def test_the_guide_example_user_lists_name_then_age():
    Field, Model = _orm()
    User = _user(Field, Model)
    expect_equal(
        User._fields,
        ("name", "age"),
        "User._fields",
        "_fields is a tuple of the field names in the order the class body wrote them.",
    )


@pytest.mark.task(6)
def test_each_field_learns_its_own_attribute_name():
    Field, Model = _orm()
    User = _user(Field, Model)
    column = vars(User).get("age")
    expect(
        isinstance(column, Field),
        f"User.__dict__['age'] is {show(column)}; the Field object should stay on the class.",
    )
    expect_equal(
        column.name,
        "age",
        "User.__dict__['age'].name",
        "A Field is told the attribute name it was assigned to when the class is created.",
    )


@pytest.mark.task(6)
def test_fields_keep_definition_order_not_alphabetical_order():
    Field, Model = _orm()

    def build():
        class Book(Model):
            title = Field()
            author = Field()
            year = Field()

        return Book

    Book = call("class Book(Model): title, author, year = Field() each", build)
    expect_equal(
        Book._fields,
        ("title", "author", "year"),
        "Book._fields",
        "Definition order matters (it becomes column order); dir() sorts names, the class "
        "namespace does not.",
    )


@pytest.mark.task(6)
def test_methods_and_plain_class_attributes_are_not_fields():
    Field, Model = _orm()

    def build():
        class Order(Model):
            table = "orders"
            total = Field()

            def describe(self):
                return "order"

            status = Field()

        return Order

    Order = call("class Order(Model) with a table name, a method and two Fields", build)
    expect_equal(Order._fields, ("total", "status"), "Order._fields")


@pytest.mark.task(6)
def test_a_subclass_lists_inherited_fields_first_and_leaves_its_parent_alone():
    Field, Model = _orm()

    def build():
        class User(Model):
            name = Field()
            age = Field()

        class Admin(User):
            level = Field()

        return User, Admin

    User, Admin = call("class Admin(User): level = Field()", build)
    expect_equal(Admin._fields, ("name", "age", "level"), "Admin._fields")
    expect_equal(
        User._fields,
        ("name", "age"),
        "User._fields after defining Admin",
        "Defining a subclass must not change its parent's fields.",
    )


@pytest.mark.task(6)
def test_unrelated_models_do_not_share_fields():
    Field, Model = _orm()

    def build():
        class Tag(Model):
            label = Field()

        class Photo(Model):
            url = Field()
            width = Field()

        return Tag, Photo

    Tag, Photo = call("defining Tag(Model) and then Photo(Model)", build)
    expect_equal(Tag._fields, ("label",), "Tag._fields after defining Photo")
    expect_equal(
        Photo._fields,
        ("url", "width"),
        "Photo._fields",
        "Photo and Tag are unrelated models: fields declared on one must never show up on the "
        "other. Each model needs its own tuple, built when its class statement runs.",
    )
    expect_equal(Model._fields, (), "Model._fields", "The base class declares no fields.")


@pytest.mark.task(6)
def test_an_instance_takes_its_values_by_keyword():
    Field, Model = _orm()
    User = _user(Field, Model)
    ann = call('User(name="Ann", age=41)', lambda: User(name="Ann", age=41))
    expect_equal(ann.name, "Ann", 'User(name="Ann", age=41).name')
    expect_equal(ann.age, 41, 'User(name="Ann", age=41).age')


@pytest.mark.task(6)
def test_an_unknown_or_missing_keyword_raises_type_error():
    Field, Model = _orm()
    User = _user(Field, Model)
    for description, kwargs in (
        ('User(name="Ann", age=41, email="a@b")', {"name": "Ann", "age": 41, "email": "a@b"}),
        ('User(name="Ann")', {"name": "Ann"}),
    ):
        error = _rejects(description, lambda kwargs=kwargs: User(**kwargs))
        expect(
            error is not None,
            f"{description} was accepted; a typo or a forgotten field should raise TypeError, "
            "just as a wrong keyword to a normal __init__ does.",
        )
