"""From fetched bytes to a parsed document: decoding, HTML text and links, page fields."""
