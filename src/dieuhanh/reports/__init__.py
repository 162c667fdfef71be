"""Reports: the half-year review composed from the data, rendered as HTML, DOCX and PDF."""
