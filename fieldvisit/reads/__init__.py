"""What the app's screens read that planning does not compute, as named rows (no Qt).

One module per thing read: `visit_lines` (visit lists), `people` (executives, reps, contacts),
`deal_detail` (the Deals page's pane), `deal_table` (the Deals page's in-memory store), `search`
(Ctrl+K), `visit_form` (what the plan dialog and the visit pane read besides). The UI calls these
and holds no SQL of its own (`tests/rules/test_no_sql_in_ui.py`).
"""
