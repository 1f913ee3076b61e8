"""The commands of ``geokg``; every module here exposes ``COMMANDS``, a list of click commands."""
