"""The read-only JSON API under /api/ (Django REST framework, OpenAPI by drf-spectacular)."""
