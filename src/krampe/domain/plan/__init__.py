"""The supplement plan: product to elemental magnesium, dose, daily schedule
around medicines, trial calendar and iCalendar reminders.

Pure code over the knowledge base; the CLI and the web app call it.
"""
