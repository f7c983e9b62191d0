"""The read-only JSON API (/api/v1/): the same visibility rule as the pages, built with django-ninja."""
