"""What a meeting is handed: an edition's contents and words, the loading of its data, the deck, the
PDF, the figures behind a chart and the current figures as files, the presentation's screens."""
