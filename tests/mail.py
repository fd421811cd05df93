from email.utils import getaddresses


def recipients(messages) -> list[str]:
    """The bare addresses messages went to, in order, without display names."""
    return [address for message in messages for _, address in getaddresses(message.to)]
