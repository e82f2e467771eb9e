"""A pretend third-party weather client.

Treat this file as library code you do not own: do not edit it. The tasks patch it from the
outside. There is no network in this kata, so the real call always fails loudly, the way a test
that accidentally reaches a real service should.
"""


def fetch_temperature(city: str) -> float:
    """Ask the remote weather service for the current temperature in `city`, in degrees Celsius."""
    raise ConnectionError(f"weather_api.fetch_temperature({city!r}) tried to reach the network")
