"""The bundled example: a news article, the pages it cites, and a manifest of their URLs."""
