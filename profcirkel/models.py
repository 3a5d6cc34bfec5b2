"""Models arrive with their issue; the app is registered so migrations and URLs have a home."""
