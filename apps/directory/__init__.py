"""Alumni volunteers' spotlight profiles and the directory students search."""
