"""Reusable widgets: cards, reason chips, charts."""
