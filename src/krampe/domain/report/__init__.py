"""Reports built from a person's plain data: the doctor summary and the FHIR export.

Pure code: the web app gathers the person's rows and hands them in as plain
data; nothing here knows about Django.
"""
