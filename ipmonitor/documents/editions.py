"""The editions of the report (the PDF and the deck): kept apart from the edition's data so that the
command line can offer them without importing the document stack."""

EDITIONS = ("annual", "midterm", "final")
