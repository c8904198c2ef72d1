"""The base of the read-only JSON API under /api/ (Django REST framework, drf-spectacular).

The apps declare their serializers and viewsets; ``config/api_urls.py`` routes them.
"""
