"""The web app (FastAPI): pages, JSON API, live re-assessment; started by ``petarawan web``."""
