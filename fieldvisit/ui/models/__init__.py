"""Table models over SQL query results (QAbstractTableModel subclasses)."""
