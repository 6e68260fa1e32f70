"""ketalog: a private recovery journal for people in ketamine therapy."""

__version__ = "0.1.0"
