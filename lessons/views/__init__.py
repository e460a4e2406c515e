from .pages import home

__all__ = ["home"]
