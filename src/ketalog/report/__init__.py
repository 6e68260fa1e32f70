"""The provider summary: one model (model.py), one writer per format."""

FORMATS = ("text", "markdown", "html", "pdf", "json")
