"""Inputs that give back exactly what a person typed when the form returns with an error.

A browser cannot show text that is not a number in `<input type="number">`, nor a half-typed
date in `<input type="date">`: it sends an empty value and shows an empty box, so the text is
lost and an optional field is silently cleared. Plain text inputs keep it.
"""

from django import forms


class WholeNumberInput(forms.TextInput):
    """A whole number, with the digit keyboard on phones."""

    def __init__(self, attrs: dict | None = None):
        super().__init__({"inputmode": "numeric", "pattern": "[0-9]*", **(attrs or {})})


# Shown under each day field: without a date picker, the format must be said.
DAY_HINT = "As year-month-day, for example 2027-03-14."


class DayInput(forms.DateInput):
    """A calendar day, typed as year-month-day (other formats Django reads are accepted too)."""

    input_type = "text"

    def __init__(self, attrs: dict | None = None):
        super().__init__({"placeholder": "YYYY-MM-DD", **(attrs or {})}, format="%Y-%m-%d")
