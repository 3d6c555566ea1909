"""The shared ground every part stands on: errors, the vocabulary's namespaces, where the data
files live, safe input reading, terminal text, distances and progress."""
