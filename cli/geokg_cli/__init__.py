"""The click front end of geokg: parses arguments, calls the library, formats its answers."""
