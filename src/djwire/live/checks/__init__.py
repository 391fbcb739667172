"""System checks of LiveView classes (djwire.V001 to V008), registered by ``live/apps.py``."""
