"""coopdesk: accounting and transparent benefit distribution for agrarian cooperatives in Peru."""

__version__ = "0.1.0"
