from django import forms


class SearchForm(forms.Form):
    """The search box of a staff list page (?q=).

    Django's CharField refuses a NUL byte, which PostgreSQL cannot compare, with a message the
    page shows next to the box.
    """

    q = forms.CharField(required=False, max_length=200)

    @property
    def text(self) -> str:
        """What to search for: nothing while the box holds what cannot be searched."""
        return self.cleaned_data["q"] if self.is_valid() else ""
