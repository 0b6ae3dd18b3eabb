"""The members\x27 monthly bulletin and the quarterly assembly pack, with its projector view."""
