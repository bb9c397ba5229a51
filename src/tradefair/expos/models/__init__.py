from tradefair.expos.models.expo import Expo, ExpoStatus
from tradefair.expos.models.organiser import Organiser, OrganiserLevel
from tradefair.expos.models.venue import Booth, BoothStatus, Hall, Pavilion

__all__ = ["Booth", "BoothStatus", "Expo", "ExpoStatus", "Hall", "Organiser", "OrganiserLevel", "Pavilion"]
