"""`factcheck review`: open the review TUI (the TUI issue fills this in)."""
