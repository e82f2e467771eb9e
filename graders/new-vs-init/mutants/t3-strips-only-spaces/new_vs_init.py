"""__new__ vs __init__: which method makes the object, and which one sets it up.

Work through the tasks in order; `./kata check new-vs-init` grades them. The README explains each.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Task 1: predict the output
#
# Read this snippet (do not run it), then write in ANSWER exactly what it prints, line by line.
#
#     class Tracer:
#         def __new__(cls, label):
#             print("new", label)
#             if label == "skip":
#                 return "not a Tracer"
#             return super().__new__(cls)
#
#         def __init__(self, label):
#             print("init", label)
#             self.label = label
#
#
#     first = Tracer("a")
#     second = Tracer("skip")
#     print(first.label, second)
# ---------------------------------------------------------------------------------------------

ANSWER = """
new a
init a
new skip
a not a Tracer
"""


# ---------------------------------------------------------------------------------------------
# Task 2: fix the singleton
#
# AppConfig() must always hand back the same object, set up once: a value stored with set()
# must still be there the next time someone calls AppConfig(). Right now it is not.
# ---------------------------------------------------------------------------------------------


def load_settings() -> dict[str, str]:
    """Stand-in for slow setup (reading files, asking a server). It should run once per process."""
    return {"env": "dev", "region": "eu-west"}


class AppConfig:
    """The application's one configuration object."""

    _instance: AppConfig | None = None

    def __new__(cls) -> AppConfig:
        if cls._instance is None:
            instance = super().__new__(cls)
            instance.settings = load_settings()
            instance.overrides = {}
            cls._instance = instance
        return cls._instance

    def get(self, key: str) -> str:
        """An override if one was set, else the loaded setting."""
        if key in self.overrides:
            return self.overrides[key]
        return self.settings[key]

    def set(self, key: str, value: str) -> None:
        """Override one setting for the rest of the process."""
        self.overrides[key] = value


# ---------------------------------------------------------------------------------------------
# Task 3: an immutable str subclass that normalises itself
# ---------------------------------------------------------------------------------------------


class Username(str):
    """A user name, stored in its canonical form.

    Username("  Ada.Lovelace ") is a Username whose text is "ada.lovelace": surrounding
    whitespace removed, lower-cased. It is a real str, so it compares, hashes and prints
    like its canonical text. A name that is empty once stripped raises ValueError.
    """

    def __new__(cls, value: str) -> Username:
        canonical = value.strip(" ").lower()
        if not canonical:
            raise ValueError("a user name cannot be empty")
        return super().__new__(cls, canonical)


# ---------------------------------------------------------------------------------------------
# Task 4: an instance cache
# ---------------------------------------------------------------------------------------------

PALETTE = {"red": "#ff0000", "green": "#00ff00", "blue": "#0000ff", "black": "#000000"}


def lookup_hex(name: str) -> str:
    """Stand-in for an expensive lookup of a canonical (lower-case) colour name."""
    return PALETTE[name]


class Color:
    """One shared instance per colour: Color("red") is Color("red").

    - Names are matched ignoring case and surrounding whitespace: Color(" Red ") is Color("red").
    - `.name` is the canonical name ("red"); `.hex` is its code, from lookup_hex.
    - lookup_hex runs once per distinct colour, however many times Color(...) is called.
    - Asking for a colour again never changes the instance that already exists.
    - A colour that is not in PALETTE raises ValueError, every time it is asked for.
    """

    name: str
    hex: str
    _cache: dict[str, Color] = {}

    def __new__(cls, name: str) -> Color:
        key = name.strip().lower()
        cached = cls._cache.get(key)
        if cached is not None:
            return cached
        if key not in PALETTE:
            raise ValueError(f"unknown colour: {name!r}")
        instance = super().__new__(cls)
        instance.name = key
        instance.hex = lookup_hex(key)
        cls._cache[key] = instance
        return instance
