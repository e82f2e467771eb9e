"""Code that uses the weather library, written the way most code is: with `from ... import ...`.

Treat this file as someone else's module too: do not edit it. Task 2 is about patching it as it is.
"""

from weather_api import fetch_temperature


def daily_report(city: str) -> str:
    """One line for the morning e-mail, such as 'Oslo: 21.5 °C'."""
    temperature = fetch_temperature(city)
    return f"{city}: {temperature:.1f} °C"
