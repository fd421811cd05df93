from tests.notifications.stack import stack

__all__ = ["stack"]
