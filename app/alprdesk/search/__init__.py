"""Search logic above the Scout client: look-alike and wildcard matching, time windows,
grouping of repeated reads, and resolving records to their plate groups."""
