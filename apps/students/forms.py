from datetime import date

from django import forms

from apps.directory.models import Industry, JobFunction
from apps.students.models import StudentProfile


class StudentProfileForm(forms.ModelForm):
    industries = forms.ModelMultipleChoiceField(
        Industry.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Industries you are curious about",
    )
    job_functions = forms.ModelMultipleChoiceField(
        JobFunction.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Kinds of work you are curious about",
    )

    class Meta:
        model = StudentProfile
        fields = ["major", "graduation_year", "industries", "job_functions", "goals"]
        widgets = {"goals": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "goals": "A few sentences about where you hope to go. Saying it plainly helps "
            "alumni and advisors point you to the right people.",
        }

    def clean_graduation_year(self):
        year = self.cleaned_data["graduation_year"]
        this_year = date.today().year
        if year is not None and not this_year - 10 <= year <= this_year + 8:
            raise forms.ValidationError(
                f"Enter the year you expect to graduate, {this_year - 10} to {this_year + 8}."
            )
        return year
