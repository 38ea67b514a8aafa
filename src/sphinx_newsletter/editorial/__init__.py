"""What spans the whole site: editors' notes, site-wide checks, the JSON schemas (above the feedback
model and markup, below the Sphinx adapters)."""
