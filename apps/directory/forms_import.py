from django import forms

from apps.directory import importing


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file of alumni",
        help_text=(
            f"Saved as CSV UTF-8, at most {importing.MAX_BYTES // (1024 * 1024)} MB and "
            f"{importing.MAX_ROWS:,} rows. The first row names the columns."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> importing.Table:
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_BYTES:
            raise forms.ValidationError(
                "This file is larger than 5 MB. Split it into smaller files and upload each."
            )
        try:
            return importing.read_upload(file_name=upload.name, data=upload.read())
        except importing.FileProblem as problem:
            raise forms.ValidationError(str(problem)) from None
