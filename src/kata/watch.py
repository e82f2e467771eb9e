"""`kata watch`: re-check the current kata whenever one of its files really changes.

One loop: wait for file events (watchfiles, debounced so an editor's burst of writes is one
change), then re-check only if the kata's files' content differs from the last check; so events
that arrive while a check runs, or saves that change nothing, never trigger a second run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from kata.catalog import Kata

DEBOUNCE_MS = 150
SAFETY_POLL_MS = 1000
"""Also compare fingerprints this often, so a save whose event never arrives is still seen."""


def fingerprint(kata: Kata) -> str:
    digest = hashlib.sha256()
    for path in kata.stub_paths():
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()


def watch_loop(
    kata: Kata,
    on_change: Callable[[Kata], Kata | None],
    on_wait: Callable[[Kata], None],
    force_polling: bool = False,
) -> None:
    """Check `kata` now and after every real change; follow `on_change` to the next kata.

    `on_change` grades and returns the kata to watch next (the same one while it fails,
    None when everything passes). Ctrl-C raises KeyboardInterrupt to the caller.
    """
    from watchfiles import watch

    current: Kata | None = kata
    last = ""
    while current is not None:
        last = fingerprint(current)
        following = on_change(current)
        if following is not current:
            current = following
            continue
        if fingerprint(current) != last:
            continue  # saved while the check ran: check again at once
        on_wait(current)
        folder = current.folder
        for _changes in watch(
            folder,
            watch_filter=lambda _change, path: path.endswith(".py"),
            debounce=DEBOUNCE_MS,
            force_polling=force_polling or None,
            raise_interrupt=True,
            rust_timeout=SAFETY_POLL_MS,
            yield_on_timeout=True,
        ):
            now = fingerprint(current)
            if now == last:
                continue
            break
