from django import forms

from apps.accounts.models import Role, User


class AssignAdvisorForm(forms.Form):
    advisor = forms.ModelChoiceField(
        queryset=User.objects.filter(role=Role.ADVISOR, is_active=True).order_by("full_name"),
        required=False,
        empty_label="No advisor",
        label="Advisor",
    )
