"""The pure domain: value objects, money, rounding and rules. Standard library only."""
