"""Pages that belong to the whole site: landing page, error pages, health check, set-up commands."""
