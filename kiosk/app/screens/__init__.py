"""The kiosk screens: wizard, idle, card, complaint."""
