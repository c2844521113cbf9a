"""E-mail alerts: practitioners hear about new reviews, learning and progress on their themes."""
