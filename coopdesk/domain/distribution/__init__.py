"""The distribution engine: pure functions from published criteria and season data
to every member's amounts, each céntimo accounted for. Standard library only."""
