"""The lobby kiosk at /kiosk/: a touch screen that runs unattended (see the README's "Lobby kiosk").

Its pages reuse the catalogue's querysets and the open-now template tags; everything a
visitor can tap stays inside /kiosk/. ``static/kiosk/kiosk.js`` adds the attract loop,
the idle reset and the periodic refresh; ``static/kiosk/sw.js`` keeps the last good
content on screen when the server or the network drops.
"""
