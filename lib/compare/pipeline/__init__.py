"""The build: stages as functions of what they declare, computed cache keys, runners, on-demand alignment."""
