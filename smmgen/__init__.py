"""smmgen: social media management as code."""

__version__ = "0.1.0"
