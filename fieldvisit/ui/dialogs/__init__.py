"""Dialogs: plan a visit, snooze, why, debrief editor, import wizard."""
